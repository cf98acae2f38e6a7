"""Discourse cues that mark where a comment starts, ends, or continues.

These are the phrases a careful reader uses on an unmarked dump. Each is a general
conversational move, not a phrase from one thread:

- a *reply opener* addresses someone else's comment ("Yeah, but", "I agree that",
  "Fair enough", "Which users though?", "Please do!", "Expanding on this");
- an *agreement with a clause* ("I agree that many humans would do so") restates
  the words of the comment it answers;
- an *accept* ("Please do!", "Go for it") answers an *offer* ("I plan on writing
  this up", "I'll post a follow-up"), so it replies to the comment that made it;
- a *direct question* to "you" at the start of a paragraph opens a reply;
- a *closer* ("TL;DR", "Overall,", "In short,") ends a comment;
- a *link* binds a paragraph to the one before ("But", "Furthermore", "These
  users", "the schemas above", a list item after "A LLM has:");
- a *rebuttal opener* on a page of impersonal arguments ("However, …", "This argument
  assumes …", "While that sounds modest, …") answers the argument just before it.
"""

from __future__ import annotations

import re

from argmap.words import COUNTER_LABELS, LABEL_END

# Words a line opens with as a label, not a name ("Edit:", "**TL;DR**:"): no speaker
# or author is called so.
LABELS = frozenset(
    "note notes edit edited update tldr tl;dr ps p.s nb eta source sources answer question "
    "example summary warning disclaimer re subject from to date cc q a pro con pros cons "
    "point counterpoint rebuttal objection claim reply quote link links step result "
    "results conclusion context background caveat fyi imo imho http https".split())

__all__ = ["LABELS", "role", "role_prefix", "rebuts", "page_furniture", "page_footer", "nav_like",
           "menu_like", "CHROME", "TOP_CHROME", "NAV_LIST", "COMMENT_FORM", "opener", "reacts",
           "restated", "accepts_offer", "offer", "asks_you", "closes", "binds"]

_I = re.IGNORECASE

_OPENERS = re.compile(
    r"""^(?:
      (?:yeah|yes|yep|yup|nah|nope|no|sure|agreed|exactly|indeed|hmm+|ok|okay)\s*[,.!:;—-]
    | (?:i|we)\s+(?:\w+ly\s+)?(?:agree|disagree)\b
    | fair\s+(?:enough|point) | good\s+point | great\s+point | strong(?:ly)?\s+upvoted?
    | thanks\b | thank\s+you | seconded\b | \+1\b | counterpoint\b | replying\s+to\b
    | i'?m\s+not\s+(?:sure|convinced)\s+(?:that|about|i\s+agree)
    | i\s+don'?t\s+think\s+(?:that'?s|this\s+is|that\s+is)\s+(?:right|true|correct)
    | (?:can|could)\s+you\s+(?:say\s+more|elaborate|clarify|explain|expand)
    | say\s+more\b
    | (?:expanding|building|following\s+up|adding)\s+(?:\w+ly\s+)?(?:on|to)\s+(?:this|that)
    | to\s+add\s+to\s+(?:this|that)
    | @\w+
    | [^.!?\n]{1,60}\bthough\?
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_RESTATES = re.compile(
    r"^(?:i|we)\s+(?:\w+ly\s+)?(?:agree|disagree|doubt|accept|grant|concede)\s+(?:that|with)\s+"
    r"(?P<clause>[^.!?;]+)"
    r"|^(?:it'?s|it\s+is)\s+(?:true|right|fair\s+to\s+say)\s+that\s+(?P<clause2>[^.!?;]+)",
    _I,
)

_ACCEPT = re.compile(
    r"(?:^|[,;:—-]\s*)(?:please\s+do(?!\s*(?:not|n't))|go\s+for\s+it|looking\s+forward\s+to\s+(?:it|that|this|reading)"
    r"|i'?d\s+(?:love\s+to\s+)?(?:read|see)\s+(?:that|it)|would\s+love\s+to\s+(?:read|see)"
    r"|yes,?\s+please)\b",
    _I,
)

_OFFER = re.compile(
    r"\b(?:i\s+plan\s+(?:on|to)|i\s+(?:will|'ll|might|may|intend\s+to|hope\s+to|want\s+to)"
    r"\s+(?:write|post|publish|share|explain|do\s+a)|in\s+a\s+(?:future|later|follow-?up)\s+post"
    r"|happy\s+to\s+(?:write|share|explain|elaborate)|if\s+there'?s\s+interest)",
    _I,
)

_ASKS_YOU = re.compile(
    r"^(?:how|what|why|do|did|does|are|have|has|would|could|can|is|will|were|was|which|who)\b"
    r"[^.!?]*\byou(?:r|rs|'re|'ve|'d)?\b[^.!?]*\?",
    _I,
)

_CLOSER = re.compile(
    r"^(?:tl;?\s*dr|tldr|overall\b|in\s+(?:short|sum|summary|conclusion)\b|to\s+(?:sum\s+up|"
    r"summari[sz]e|conclude)\b|all\s+in\s+all\b|so\s+overall\b)",
    _I,
)

_LINK_START = re.compile(
    r"^(?:[(\[]|[-*•]\s|\d+[.)]\s|(?:but|and|also|so|furthermore|moreover|however|plus|or|then"
    r"|thus|hence|therefore|additionally|similarly|likewise|still|yet|meanwhile|more\s+specifically"
    r"|specifically|for\s+(?:example|instance)|e\.g\.|i\.e\.|that\s+said|in\s+(?:this|that|"
    r"particular|other\s+words|addition)|this|that|these|those|it|its|they|their|here|there"
    r"|such)\b)",
    _I,
)

_LINK_ANYWHERE = re.compile(
    r"\b(?:above|as\s+i\s+(?:said|mentioned|noted)|my\s+(?:previous|earlier|last)\s+"
    r"(?:point|paragraph)|see\s+below)\b",
    _I,
)


def _first_sentence(text: str) -> str:
    m = re.search(r"[.!?](?:\s|$)", text)
    return text[: m.end()] if m else text


# A paragraph that names its own role, as a debate page or a structured paste does:
# "Point: ...", "**Counterpoint:** ...", "Rebuttal - ...", followed by a sentence.
_ROLE_PREFIX = (rf"^\W{{0,3}}(?P<label>(?P<counter>{COUNTER_LABELS})|points?|pros?|cons?|"
                rf"arguments?){LABEL_END}\W{{0,3}}\s*")
_ROLE = re.compile(_ROLE_PREFIX + r"(?=(?:\S+\s+){3}\S)", _I)  # a sentence follows
_ROLE_LABEL = re.compile(_ROLE_PREFIX, _I)


def role_prefix(text: str) -> int:
    """How many leading characters of `text` are a role label ("Counterpoint: "), 0 if
    none: the label says where a point stands, it is not part of the point."""
    m = _ROLE_LABEL.match(text)
    return m.end() if m else 0


def role(text: str) -> tuple[str, bool] | None:
    """The role label a paragraph opens with and whether it answers the point before it
    (a counterpoint, rebuttal or objection does; a point, pro or con answers the claim).
    A label with less than a sentence after it ("Cons:" over a list) is no role."""
    m = _ROLE.match(text.strip())
    return (m.group("label"), bool(m.group("counter"))) if m else None


# How a counterpoint opens when the page does not label it: a contrast, a denial, the
# argument or the side it answers named, or a concession with the main clause to come.
# On 5,450 PERSPECTRUM perspectives (each answering the claim, none the perspective
# before) 10 open this way; a bare "No," is left out: there it answers a claim put as
# a question.
_REBUTS = re.compile(
    r"""^\W{0,3}(?:
      (?:but|however|yet|nonetheless|nevertheless|on\s+the\s+contrary)\b
    | (?:this|that|it|which)\s+(?:is|was)\s+(?:simply\s+|just\s+)?not\s+
      (?:true|the\s+case|so|correct|accurate|necessarily)\b
    | (?:this|that|it)\s+(?:isn'?t|wasn'?t)\s+(?:true|the\s+case|so|correct|necessarily)\b
    | (?:this|that|the)\s+(?:argument|point|claim|reasoning|assertion|logic|idea)\s+
      (?:\w+\s+){0,2}?(?:ignores|assumes|overlooks|misses|fails|forgets|neglects|
      misunderstands|confuses|is\s+(?:flawed|wrong|mistaken|misguided|false|weak|based\s+on))
    | the\s+(?:proposition|opposition|other\s+side|opponents?|affirmative|pro\s+side|con\s+side)\b
    | (?:while|whilst|although|even\s+if|even\s+though|granted|admittedly
      |it\s+(?:is|may\s+be|might\s+be)\s+true\s+that)\b[^.!?,]{3,200},
    | not\s+(?:necessarily|true|so)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def rebuts(text: str) -> str | None:
    """The opening words with which a paragraph contradicts what came just before, if
    it does ("However", "This argument assumes", "While that sounds modest,"). Only
    meaningful between impersonal arguments: in a conversation "But" as often goes on
    the writer's own comment."""
    m = _REBUTS.match(text.strip())
    return " ".join(m.group(0).split()[:6]).rstrip(",") if m else None


def opener(text: str) -> str | None:
    """The reply-opening phrase a paragraph starts with, if any."""
    t = text.strip()
    m = _OPENERS.match(t)
    if m:
        return m.group(0).strip()
    a = _ACCEPT.search(_first_sentence(t))
    return a.group(0).strip(" ,;:—-") if a else None


# The words a turn in a conversation opens with when it answers the turn just before
# it: assent and denial, thanks, surprise, and the links that carry the last speaker's
# point on ("But", "So", "That"). Broader than `_OPENERS`, which opens a comment.
_REACTS = re.compile(
    r"""^(?:yeah|yea|yep|yup|yes|no|nope|nah|ok|okay|alright|sure|right|true|exactly
    |agreed|indeed|thanks|thank|ty|cheers|oh|ah|wow|whoa|huh|hmm+|lol|haha\w*|lmao|damn
    |ugh|yikes|hey|but|so|well|and|also|that's|that|same)\b(?!-)""",
    re.IGNORECASE | re.VERBOSE,
)


def reacts(text: str) -> str | None:
    """The word a reply opens on when it opens the way a turn answering the one before
    it does ("Thanks", "Oh", "But"), if it does."""
    m = _REACTS.match(text.lstrip(" \"'*_>("))
    return m.group(0) if m else None


def restated(text: str) -> str | None:
    """The clause an agreement restates ("I agree that <clause>"): the target's words."""
    m = _RESTATES.match(text.strip())
    return (m.group("clause") or m.group("clause2")) if m else None


def accepts_offer(text: str) -> bool:
    """The paragraph accepts an offer ("Please do!") in its first sentence."""
    return bool(_ACCEPT.search(_first_sentence(text.strip())))


def offer(text: str) -> str | None:
    """The offer a comment makes ("I plan on writing this up"), if any."""
    m = _OFFER.search(text)
    if not m:
        return None
    clause = re.split(r"[.!?;,(]", text[m.start():], maxsplit=1)[0]
    return " ".join(clause.split()[:10])


def asks_you(text: str) -> str | None:
    """The direct question to the reader a paragraph opens with, if any."""
    m = _ASKS_YOU.match(text.strip())
    return " ".join(m.group(0).split()[:4]) if m else None


def closes(text: str) -> str | None:
    """The closing marker ("TL;DR", "Overall,") a paragraph starts with, if any."""
    m = _CLOSER.match(text.strip())
    return m.group(0) if m else None


def binds(text: str, previous: str) -> str | None:
    """Why a paragraph continues the one before it, if it visibly does."""
    t = text.strip()
    if previous.rstrip().endswith(":"):
        return "follows a colon"
    m = _LINK_START.match(t)
    if m:
        return f"starts with {m.group(0).strip()!r}"
    m = _LINK_ANYWHERE.search(_first_sentence(t))
    if m:
        return f"refers back ({m.group(0)!r})"
    return None


# A page's time stamp beside a name, as a regex fragment (match it whole, ignoring
# case): "5 hours ago", "an hour ago", "3d", "Nov 28, 2026 at 5:32 PM", "Today at 5:32".
CLOCK = r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# ... and as a page in German, French, Spanish, Italian or Portuguese prints an age:
# "vor 4 Std.", "il y a 5 h", "hace 2 días", "8 ore fa", "há 3 horas"
LOCAL_AGO = (r"(?:vor\s+(?:\d+|einer?|einem)\s*(?:sek(?:unden?|\.)?|min(?:uten?|\.)?|std\.?"
             r"|stunden?|tag(?:en|e)?|wochen?|woche|monat(?:en)?|jahr(?:en)?|[smhdwt])\.?"
             r"|il\s+y\s+a\s+(?:\d+|une?)\s*(?:secondes?|s|min(?:utes?)?|h|heures?|jours?|j"
             r"|semaines?|mois|ans?)"
             r"|hace\s+(?:\d+|una?)\s*(?:segundos?|s|min(?:utos?)?|h|horas?|d[íi]as?|d|semanas?"
             r"|mes(?:es)?|años?)"
             r"|(?:(?:\d+|un[ao]?)\s*)?(?:secondi|minuti|min|ore|ora|h|giorni|giorno|g|settimane"
             r"|settimana|mesi|mese|anni|anno)\s+fa"
             r"|h[áa]\s+(?:\d+|uma?)\s*(?:segundos?|min(?:utos?)?|h|horas?|dias?|d|semanas?"
             r"|mes(?:es)?|anos?)"
             r"|(?:\d+\s*)?(?:minutos?|horas?|dias?|semanas?|meses|anos?)\s+atr[áa]s"
             # Facebook's short ages: "4 Std.", "2 Tg.", "1 Wo.", "3 sem.", "5 gg"
             r"|\d{1,2}\s?(?:std|tg|wo|sem|sett|gg|j)\.?)")
TIME = (rf"(?:{LOCAL_AGO}|(?:gestern|ayer|ieri|ontem)(?:\s+(?:um|a las|alle|às)\s+{CLOCK})?|"
        r"\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|hr|days?|weeks?|months?"
        r"|years?|yrs?|[smhdwy])\.?\s+ago|an?\s+(?:second|minute|hour|day|week|month|year)\s+ago"
        r"|just\s+now|\d{1,2}\s?(?:mo|[smhdwy])"
        rf"|(?:on\s+)?{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?(?:,?\s+(?:at\s+|@\s*)?{CLOCK})?"
        rf"|\d{{1,2}}\s+{MONTH}\s+\d{{4}},?\s+(?:at\s+)?{CLOCK}"  # "12 Mar 2024 9:14"
        rf"|(?:today|yesterday)\s+at\s+{CLOCK}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}},?\s+{CLOCK})")


# The page's own furniture, not something said: buttons, counters and timestamps
# ("Reply", "Share", "level 1", "12 points", "5 hours ago", "[–]").
_AGO = (r"(?:\d+\s*|an?\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|hr\.?|days?|d|weeks?|wk\.?"
        r"|months?|mo\.?|years?|yrs?|yr\.?)\s+ago")
_FURNITURE_WORDS = (
    r"reply|share|report|save|saved|unsave|follow|award|give award|permalink|embed|parent|bookmark"
    r"|context|edit|delete|hide|flag|favorite|vote|upvote|downvote|more replies|more"
    r"|load more comments|continue this thread|view more comments|see more|show more"
    r"|log in|login|sign in|sign up|subscribe|level\s+\d+|by|submitted|posted|next|prev"
    r"|root|past|discuss|collapse|expand|sort by(?:\s+(?:best|newest|oldest))?|top comments"
    r"|newest first|most relevant"
    r"|all comments|like|likes|liked|(?:like|reply|comment)\s*\(\d+\)"
    # old Reddit's bar over the comments: "all 4 comments", "sorted by: best",
    # "top 200 comments", "show all 250"
    r"|(?:all|top)\s+\d+\s+comments|show all\s+\d+"
    r"|sorted by:?(?:\s*(?:best|top|new|controversial|old|random|q&a|live))?"
    # today's Reddit: "Go to comments", "Search Comments", "Sort by:" over "Best"
    r"|go to comments|search comments|view all comments|single comment thread"
    # Disqus: "Join the discussion…", each commenter's "Avatar" image; Lemmy's "fedilink"
    r"|join the discussion(?:…|\.\.\.)?|avatar|fedilink|link|comment|quote"
    # Facebook's links between comments: "View 2 more replies", "View previous
    # comments", "Write a comment…"
    r"|view(?:\s+all)?(?:\s+\d+)?(?:\s+(?:more|previous|newer|older))?\s+(?:repl(?:y|ies)|comments?)"
    r"|write a (?:public )?(?:comment|reply)(?:…|\.\.\.)?"
    # Slack's thread summary under a message ("Last reply today at 10:30 AM")
    r"|last reply\s+(?:today|yesterday|" + MONTH + r"\s+\d{1,2})"
    r"(?:\s+at\s+" + CLOCK + r")?"
    # YouTube's mark over a comment the channel pinned: "Pinned by @CityTalks"
    r"|pinned(?:\s+comment)?(?:\s+by\s+@?[\w.-]{1,30})?"
    r"|[-+]?\d+(?:\.\d+)?[km]?(?:\s+(?:points?|votes?|comments?|replies|children|karma"
    r"|subscribers?|views?|likes?|followers?|reposts?|retweets?|bookmarks?|reactions?"
    r"|recommend))?"
    r"|" + _AGO + r"|" + LOCAL_AGO
    # the same buttons where the page speaks German, French, Spanish, Italian, Portuguese
    + r"|antworten|teilen|melden|auszeichnen|gefällt mir|\d+\s+antworten"
    r"|répondre|partager|signaler|j'aime|\d+\s+réponses?"
    r"|responder|compartir|reportar|me gusta|\d+\s+respuestas?"
    r"|rispondi|condividi|segnala|mi piace|\d+\s+risposte"
    r"|curtir|denunciar|\d+\s+respostas?"
    # "View all 14 replies" in those languages
    r"|alle\s+\d+\s+antworten\s+ansehen|voir\s+(?:les\s+)?\d+\s+réponses"
    r"|ver\s+(?:las\s+|todas\s+as\s+)?\d+\s+resp(?:u)?estas"
    r"|visualizza\s+(?:tutte\s+le\s+)?\d+\s+risposte"
)
_FURNITURE_RUN = re.compile(rf"\b(?:{_FURNITURE_WORDS})\b|\[[-+–]\]", re.I)  # "[–]" folds
_NUMBER = re.compile(r"^\W*[-+]?\d+(?:\.\d+)?k?\W*$")
# who liked a comment or answered it, under it (Substack, LinkedIn): "Liked by Jane
# Park", "Liked by Jane Park and 3 others", "1 reply by Jane Park", "3 replies"
_PERSON_NAME = r"(?:@?[A-Z][\w.'’-]{0,30}|@[\w.-]{1,30})(?:\s[A-Z][\w.'’-]{0,30}){0,3}"
# words that are furniture only where a page's headers were found
_PAGE_ONLY = re.compile(r"^\W*(?:avatar|link|fedilink|comment|quote)\W*$", re.IGNORECASE)
_LIKED_BY = re.compile(
    rf"^(?i:liked by|\d+\s+repl(?:y|ies)\s+by)\s+{_PERSON_NAME}"
    rf"(?:(?:,\s*{_PERSON_NAME})*,?\s+(?i:and)\s+(?:\d+\s+others?|{_PERSON_NAME}))?$"
    # Facebook's under "All reactions:": "Ben Ford, Priya Nair and 46 others"
    rf"|^{_PERSON_NAME}(?:,\s*{_PERSON_NAME})*,?\s+(?i:and)\s+\d+\s+others?$"
    r"|^(?i:all reactions):?$")


# A blog's comment section (WordPress and most themes like it): the heading over the
# comments, "4 thoughts on “Free buses?”", and the form under them; none of it is said.
_COMMENTS_ON = re.compile(
    r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:thoughts?|responses?|comments?|repl(?:y|ies))\s+(?:on|to)\s+[“\"'‘«].{1,200}[”\"'’»]$",
    re.IGNORECASE)
COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment)(?:\s+cancel reply)?|cancel reply|post comment"
    r"|submit comment|log in to reply|you must be logged in to post a comment\.?"
    r"|(?:your email address will not be published\.?\s*)?(?:required fields are marked \*)?"
    r"|(?:comment|name|email|website)\s*\*"
    r"|save my name, email, and website in this browser for the next time i comment\.?"
    r"|notify me of (?:follow-up comments|new posts) by email\.?)$", re.IGNORECASE)


# A site's own phrases on a copied page, wherever they stand: its buttons and banners
# ("Skip to main content", "Link to comment", "Click to expand..."). The menus above the
# first comment and the footer under the last are found by `menu_like` and `page_footer`.
CHROME = re.compile(
    r"^(?:skip to (?:main )?content|search in r/\w+|open (?:menu|chat|inbox)"
    r"|get (?:the )?app|open in (?:the )?app"
    r"|expand (?:user menu|comment search)|comments section|write a response"
    r"|also publish to my profile|see all responses|responses \(\d+\)"
    r"|discussion about this post|restacks|top latest discussions|see more comments"
    r"|\d+ more comments?(?:…|\.\.\.)?|ready for more\?|no posts"
    r"|you must (?:log in|be logged in)(?: or register)? to (?:reply|post)(?: here)?\.?"
    # a Discord export's banner and marks
    r"|={10,}|\{(?:reactions|attachments|embed|stickers?)\}"
    # Invision Community's links and buttons
    r"|link to comment|share on other sites|more sharing options(?:\.\.\.|…)?"
    r"|reply to this topic(?:\.\.\.|…)?|go to topic listing"
    r"|start new topic|recommended posts|followers \d+|existing user\? sign in"
    r"|edited .{1,40} by [\w.-]{1,30}|by [\w.-]{1,30}, .{4,40} in .{1,60}"
    # a news site's comments: the editors' badges, the box over the comments
    r"|(?:guardian|times|nyt|reader|editors?'?|staff) picks?"
    r"|comments\s*\(?\d[\d,]*\)?|show \d+ more repl(?:y|ies)|loading comments….{0,30}"
    # Coral's and other streams' buttons between comments
    r"|show (?:all|more) replies|hide replies|load more(?: comments)?"
    r"|sign in or create your .{1,40} account to join the discussion\.?"
    r"|commenting has been disabled for this account.{0,20}"
    r"|users browsing this (?:thread|forum|topic):.{0,60}"
    r"|utilisateurs parcourant ce forum\s?:.{0,80}|mitglieder in diesem forum:.{0,80}"
    r"|«?\s*next oldest\s*\|\s*next newest\s*»?"
    # Steam's discussions: a post's number, its edit line, the counts around the posts
    r"|#\d{1,6}|last edited by [\w.-]{1,30}; .{4,40}"
    r"|showing \d+-\d+ of \d+ (?:comments|answers|reviews)"
    # a shop's votes under an answer or a review
    r"|\d[\d,]* (?:of \d[\d,]* )?(?:people |person )?found this helpful\.?(?: do you\?)?"
    r"|per page:[\d ]{1,20}|date posted: .{4,40}"
    # XenForo's quote end and thread line, shown outside its own layout
    r"|click to (?:expand|shrink)(?:\.{3}|…)?|thread starter .{1,40} start date .{1,40}"
    # who reacted, as XenForo lists them: "Reactions: Hamish_G, Dora and 3 others"
    r"|reactions: [\w.-]+(?:,? [\w.-]+){0,6}(?: and (?:\d+ others?|[\w.-]+))?(?<!\.)"
    r"|you can post now and register later.{0,200}"
    # what is left where a comment was deleted or removed
    r"|comment (?:deleted|removed) by (?:the )?(?:author|moderator|a moderator)\.?"
    r"|this comment was removed by a moderator.{0,120}|\(message deleted\)"
    r"|deleted post|this post was deleted by the post author\.?(?: learn more)?"
    r"|message deleted by its author|history is on|history is off|view quotes|relevant"
    # GitHub Discussions' menus and counts
    r"|comment options|\d+ you reacted with .{1,40}|\d+ (?:people|person) reacted with .{1,40}"
    r"|replies:\s*\d+ comments?.{0,60}|this comment has been minimized\.?.{0,80}"
    r"|sign up for free to join this conversation on github.{0,80}|marked as resolved|re-opened"
    r"|exported \d+ message\(s\)|.{1,100}-meeting recording)$",
    re.IGNORECASE)
# Lines that are the site's only above the first comment (or under the last), where a
# page shows them over what is said: a prompt, a banner, a recording's length.
TOP_CHROME = re.compile(
    r"^(?:share your thoughts\.?|join the conversation"
    r"|(?:guild|channel|topic):\s.{1,100}|\d{1,2}h\s\d{1,2}m(?:\s\d{1,2}s)?|\d{1,2}m\s\d{1,2}s)$",
    re.IGNORECASE)
# a site's menu, one entry a line: what a copy of a page's top and foot is made of
_MENU_WORDS = frozenset((
    "home", "search", "explore", "login", "log in", "sign in", "sign up", "register", "forums",
    "members", "member list", "calendar", "help", "activity", "browse", "notifications",
    "messages", "settings", "profile", "popular", "all", "new", "top", "hot", "trending",
    "latest", "store", "community", "about", "support", "news", "products", "launches",
    "advertise", "following", "spaces", "answer", "add question", "chat", "files",
    "discussions", "workshop", "market", "broadcasts", "language", "more", "menu", "tags",
    "categories", "groups", "events", "jobs", "ask", "show", "submit", "past", "threads",
    "active", "recent", "moderation", "moderation log", "donate", "contact", "contact us",
    "privacy", "privacy policy", "terms", "terms of use", "terms of service", "faq", "rules",
    "guidelines", "code of conduct", "theme", "blog", "press", "careers", "status", "teams",
    "text to speech", "subscribe", "start writing", "get the app", "jump to", "filter",
    "install steam", "reddit rules", "user agreement", "accessibility", "cookies",
    "top of page", "back to top", "go to top", "lite (archive) mode", "rss syndication",
    "post", "see new posts", "conversation", "for you", "votes", "relevance", "view",
    "collapse replies", "expand replies", "comments", "posted", "sort", "sort by",
    "related answers section", "privacy notice", "cookie policy", "sitemap", "live feeds",
    "per page", "display threads", "collapsed", "expanded", "communities", "create",
    "navigation menu", "code", "actions", "pull requests", "issues", "wiki", "security",
    "insights", "portal", "forum", "group", "ranking", "username", "password",
    "back to list", "jump to content", "my subreddits", "edit subreddits", "menu",
    "select all", "cancel selecting", "you have selected 0 posts.", "support lemmy",
    "type / to search", "local", "federated", "trending now", "oldest", "newest",
    "most viewed", "opinion", "sport", "culture", "lifestyle", "world", "business",
    "politics", "science", "technology", "tech", "docs", "instances", "modlog", "policies",
    "email", "advertising", "site rules", "category", "labels", "none yet", "footer",
    "who is online", "board index", "all times are utc", "post reply",
    # a board's footer in French, German, Spanish or Italian
    "qui est en ligne", "wer ist online?", "wer ist online", "quién está conectado",
    "chi c’è in linea", "chi c'è in linea", "index du forum", "foren-übersicht",
    "índice general", "indice", "aller à", "gehe zu", "ir a", "vai a"))


def menu_like(line: str) -> bool:
    """A line a site's menu or footer is made of: one of its usual entries, a row of
    links, a breadcrumb, a footer's mark, "Return to …"."""
    s = re.sub(r"\s+\d[\d,.]*k?$", "", line.strip())  # "Issues 12": an entry and its count
    return bool(s.lower() in _MENU_WORDS or CHROME.match(s) or TOP_CHROME.match(s)
                or NAV_LIST.match(s) or _BREADCRUMB.match(s) or _FOOTER_MARK.search(s)
                or re.match(r"^(?:return to|jump to|back to|retourner vers|zurück zu|volver a"
                            r"|torna a)\b", s, re.IGNORECASE)
                # a board's page count: "7 posts • Page 1 of 1", "7 messages • Page 1 sur 1"
                or re.match(r"^\d+ \w+ • (?:page|seite|página|pagina) \d+ \w+ \d+$", s,
                            re.IGNORECASE))
# a menu's links in a row: "new | past | comments | ask", "Privacy · Terms · Contact"
NAV_LIST = re.compile(r"^\W*(?:[^|·]{1,30}[|·]\s*){2,}[^|·]{1,30}$")
_FOOTER_MARK = re.compile(rf"(?i:powered by)\s+\w|©\s*\w"
                          rf"|(?i:\ball rights reserved\b)|{NAV_LIST.pattern}")


# where the page sits: "Riverside Community → Town Talk → Should the library open?"
_BREADCRUMB = re.compile(r"^(?:[^→›»>]{1,40}\s[→›»>]\s){2,}[^→›»>]{1,100}$")


def nav_like(line: str) -> bool:
    """A menu's or a footer's line: a few words and no sentence's end."""
    s = line.strip()
    return bool(CHROME.match(s) or _FOOTER_MARK.search(s) or _BREADCRUMB.match(s)) or (
        len(s.split()) <= 4 and not re.search(r"[.!?,;:]$", s))


def page_footer(lines: list[str], start: int) -> range:
    """The site's footer at the end of a copied page, never before `start` (the last
    comment's first words): from its first mark on ("© 2024 Riverside Forums",
    "Powered by phpBB", a row of links), where only menu lines or short lines follow,
    and the run of menu lines above it (`menu_like`); with no mark, three menu entries or
    more at the very end. A list of short lines the last comment opens with ":" stays."""
    end = next((i for i in range(start, len(lines)) if _FOOTER_MARK.search(lines[i])
                and all(len(ln.split()) <= (25 if _FOOTER_MARK.search(ln) else 12)
                        for ln in lines[i:])
                and sum(menu_like(ln) for ln in lines[i:]) >= 0.5 * (len(lines) - i)),
               len(lines))
    marked = end < len(lines)
    while end - 1 >= start and menu_like(lines[end - 1]):
        end -= 1
    # no mark: three menu entries or more at the very end (Lobsters' "About / Tags /
    # Filter / Moderation Log"), or the site's own prompt ("Join the conversation")
    if not marked and not (len(lines) - end >= 3 or end < len(lines) and all(
            CHROME.match(ln.strip()) or TOP_CHROME.match(ln.strip()) for ln in lines[end:])):
        return range(0)
    # then the short lines above (a footer's section names), unless a line ending in
    # ":" opens them: then they are a list the last comment gives
    top = end
    while top - 1 >= start and nav_like(lines[top - 1]) and end - top < 12:
        top -= 1
    if top < end and not (top - 1 >= 0 and lines[top - 1].rstrip().endswith(":")):
        end = top
    return range(end, len(lines))


# Slack's reactions under a message, as a copy gives them (":thumbsup:" over its
# count): a page's, where headers were found; alone in a paste, ":+1:" is a reply
_SHORTCODES = re.compile(r"^(?::[\w+-]{1,40}:\s*)+$")


def page_furniture(line: str, numbers: bool = True) -> bool:
    """A line made only of a page's buttons, counters and timestamps ("Reply", "Share
    permalink", "3 points · 5 hours ago", "[–]"), copied with the text. With
    `numbers=False` (a paste, where nothing marks the page's own lines) a line needs a
    furniture word and no question, quote, sum or price: "42", "650-800", "Next?" may be
    said."""
    if _LIKED_BY.match(line.strip()) or numbers and _SHORTCODES.match(line.strip()):
        return True
    if line.strip() and (COMMENT_FORM.match(line.strip()) or _COMMENTS_ON.match(line.strip())):
        return True
    if not numbers and _PAGE_ONLY.match(line):
        return False  # "Avatar" alone may answer "Which film?"; on a page it is the picture
    if not numbers and (_NUMBER.match(line) or re.search(r"[?\"=$]", line) or not any(
            re.search(r"[a-z]", m.group(0), re.I) for m in _FURNITURE_RUN.finditer(line))):
        return False  # "650-800", "Next?", "$558.00": said, not shown by the page
    rest = _FURNITURE_RUN.sub(" ", line)
    return not any(ch.isalnum() for ch in rest) and rest != line


# the generator tag, or (pages written before it) the title argmap gives its pages
