from argmap.cli import main

# The guard matters: worker processes of `build --jobs` re-import this module.
if __name__ == "__main__":
    raise SystemExit(main())
