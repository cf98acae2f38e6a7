"""Chat logs and chat copies pasted as text: IRC, Slack and Teams, WhatsApp exports."""

from __future__ import annotations

import pytest

from argmap.read import read_text

IRC = """\
[10:02] <jsmith> we should drop python 2 support in the next release
[10:03] <mwong> no way, half our users are on RHEL 7
[10:03] <jsmith> RHEL 7 is end of life anyway
[10:04] <akumar> mwong: the download stats say 4% are on python 2, not half
[10:05] <mwong> download stats undercount mirrors
"""

SLACK = """\
John Smith  10:02 AM
we should drop python 2 support in the next release
Mei Wong  10:03 AM
no way, half our users are on RHEL 7
John Smith  10:03 AM
RHEL 7 is end of life anyway
Anil Kumar  10:04 AM
the download stats say 4% are on python 2, not half
"""

WHATSAPP = """\
24/11/2026, 10:02 - Ana Ruiz: The school trip should go to the coast, not the museum
24/11/2026, 10:03 - Ben Ode: The coast costs twice as much per child
24/11/2026, 10:04 - Ana Ruiz: Not if we take the train instead of a coach
24/11/2026, 10:05 - Ben Ode: The train does not stop near the beach
"""


def _authors_and_texts(text):
    t = read_text(text, source="log.txt")
    return t, [c.author for c in t.comments], [c.text for c in t.comments]


def test_an_irc_log_is_a_comment_per_line_by_its_nick_and_addressing_names_the_parent():
    t, authors, texts = _authors_and_texts(IRC)
    assert authors == ["jsmith", "mwong", "jsmith", "akumar", "mwong"]
    assert texts[1] == "no way, half our users are on RHEL 7"  # no time, no nick
    # "mwong: the download stats…" answers mwong's line, and the address is no claim
    assert t.comments[3].parent_id == "c2" and texts[3].startswith("the download stats")
    assert "replies to mwong" in t.comments[3].parent_evidence
    assert t.comments[4].parent_id == "c4"  # mwong answers back


def test_a_slack_copy_opens_a_comment_at_each_name_and_time():
    t, authors, texts = _authors_and_texts(SLACK)
    assert authors == ["John Smith", "Mei Wong", "John Smith", "Anil Kumar"]
    assert not any("10:0" in x for x in texts)
    assert t.comments[2].parent_id == "c2"  # John answers back to Mei


def test_a_whatsapp_export_is_read_turn_by_turn():
    _, authors, texts = _authors_and_texts(WHATSAPP)
    assert authors == ["Ana Ruiz", "Ben Ode", "Ana Ruiz", "Ben Ode"]
    assert texts[0] == "The school trip should go to the coast, not the museum"


def test_a_slack_thread_where_each_speaks_once_is_still_a_chat_without_its_reactions():
    """Four people, each once: taken for a schedule, every line was a comment. Slack's
    reactions (":thumbsup:" over a count), "(edited)" and "Last reply today at …" are
    the page's; "@Rob Chen" names a speaker whole, not a handle "@Rob"."""
    text = ("Jane Park  10:02 AM\nCar-free Saturdays start next month.\n3 replies\n"
            "Last reply today at 10:30 AM\nRob Chen  10:05 AM\n"
            "That will kill my Saturday trade.\n:thumbsup:\n2\n"
            "Maria Lopez  10:11 AM\n@Rob Chen footfall on Mill Street went up.\n(edited)\n"
            "Tom Baker  10:20 AM\nWhat about deliveries?\n")
    t, authors, texts = _authors_and_texts(text)
    assert authors == ["Jane Park", "Rob Chen", "Maria Lopez", "Tom Baker"]
    assert texts == ["Car-free Saturdays start next month.", "That will kill my Saturday trade.",
                     "footfall on Mill Street went up.", "What about deliveries?"]
    assert t.comments[2].parent_id == "c2" and "Rob Chen" in t.comments[2].parent_evidence
    teams = ("[10:02 AM] Jane Park\nCar-free Saturdays start next month.\n"
             "[10:05 AM] Rob Chen\nThat will kill my Saturday trade.\n"
             "[10:11 AM] Maria Lopez\nFootfall on Mill Street went up.\n")
    assert _authors_and_texts(teams)[1] == ["Jane Park", "Rob Chen", "Maria Lopez"]


def test_a_schedule_of_names_and_times_is_not_a_chat():
    text = ("Plan for the day\nTalks 10:00\nThe keynote argues for open data.\nLunch 12:30\n"
            "Sandwiches in the hall.\nPanel 14:00\nThe panel debates licences.\n")
    t = read_text(text, source="plan.txt")
    assert not any(c.author for c in t.comments)
    assert any("Talks 10:00" in c.text for c in t.comments)


def test_a_telegram_copy_opens_a_comment_at_each_name_and_date():
    text = ("Ana Ruiz, [24.11.2026 10:02]\nThe school trip should go to the coast\n"
            "Ben Ode, [24.11.2026 10:03]\nThe coast costs twice as much per child\n"
            "Ana Ruiz, [24.11.2026 10:04]\nNot if we take the train instead of a coach\n")
    t, authors, texts = _authors_and_texts(text)
    assert authors == ["Ana Ruiz", "Ben Ode", "Ana Ruiz"]
    assert texts[1] == "The coast costs twice as much per child"
    assert t.comments[2].parent_id == "c2"


def test_a_log_where_everyone_speaks_once_is_still_a_log_but_a_told_story_is_not():
    text = ("ann: Cities should ban cars from the centre.\n"
            "raj: Delivery vans would still need to come in.\n"
            "mia: Vans could use a night window.\n"
            "tom: Small shops cannot take deliveries at night.\n"
            "lee: Then give them a morning window instead.\n")
    _, authors, _ = _authors_and_texts(text)
    assert authors == ["ann", "raj", "mia", "tom", "lee"]
    story = ("My landlord called me on Sunday about the rent, which was late again.\n"
             "I told him the bank had held the transfer for three days.\n"
             "Me: It will be there on Monday.\nHim: That is what you said last month.\n"
             "Boss: Take the afternoon off.\n"
             "In the end the money arrived on Tuesday and nobody mentioned it again.\n"
             "Was I wrong to be annoyed that he called on a Sunday at all?\n"
             "I still think a text would have done.\n")
    t = read_text(story, source="s.txt")
    assert not any(c.author for c in t.comments)


_TURNS = [("jsmith", "we should drop python 2 support in the next release"),
          ("mwong", "no way, half our users are on RHEL 7"),
          ("jsmith", "RHEL 7 is end of life anyway"),
          ("akumar", "mwong: the download stats say 4% are on python 2"),
          ("mwong", "download stats undercount mirrors")]


def _irc(line: str, events: list[str]) -> str:
    out = [events[0]]
    for k, (nick, said) in enumerate(_TURNS):
        out.append(line.format(t=f"10:0{k}", nick=nick, said=said))
        if k == 1:
            out += events[1:]
    return "\n".join(out) + "\n"


def test_irc_logs_as_irssi_weechat_and_hexchat_write_them():
    """irssi's "10:02 < jsmith>", weechat's tab columns and HexChat's "Mar 14 10:02:11
    <jsmith>" were one comment per line with no author; joins, nick changes, actions
    and the log's own lines were words."""
    logs = [
        _irc("{t} < {nick}> {said}", ["--- Log opened Fri Mar 14 10:00:00 2025",
                                      "10:01 -!- tomhale [~tom@host] has joined #dev",
                                      "10:01  * mwong sighs"]),
        _irc("2025-03-14 {t}:11\t{nick}\t{said}",
             ["2025-03-14 10:00:01\t-->\ttomhale has joined",
              "2025-03-14 10:01:30\t--\tjsmith is now known as js"]),
        "\n" + _irc("Mar 14 {t}:11 <{nick}>\t{said}", ["**** BEGIN LOGGING AT Fri Mar 14 10:00",
                                                        "Mar 14 10:01:40 *\ttomhale has quit"]),
    ]
    for log in logs:
        t = read_text(log, source="irc.log.txt")
        assert [(c.author, c.text) for c in t.comments] == [
            (n, s.removeprefix("mwong: ")) for n, s in _TURNS], log
        assert t.comments[3].parent_id == "c2"  # "mwong:" names whom akumar answers


_MEETING = [("Lena Brooks", "Should standup move to written updates?"),
            ("Omar Haddad", "Written updates get skimmed and blockers get lost."),
            ("Chris Yoon", "We tried it last year for three weeks."),
            ("Lena Brooks", "That was without a bot reminding people."),
            ("Omar Haddad", "Then move the call earlier instead.")]


def _layout(kind: str) -> str:
    turns = []
    for k, (who, said) in enumerate(_MEETING):
        t = f"10:0{k}"
        turns.append({
            "teams": f"[3/14/2025 {t} AM] {who}\n{said}\n",
            "discord": f"[3/14/2025 {t} AM] {who.split()[0].lower()}_{k % 3}\n{said}\n",
            "google": f"{who}, {t} AM{', Edited' if k == 2 else ''}\n{said}",
            "zoom": f"[{who}] {t}:11\n{said}\n",
            "transcript": f"{who}   0:0{k}\n{said}\n",
            "vtt": f"{k + 1}\n00:00:0{k}.000 --> 00:00:0{k}.900\n<v {who}>{said}</v>\n",
        }[kind])
    head = {"discord": "=" * 40 + "\nGuild: Room 4\nChannel: General / standup\n" + "=" * 40
            + "\n\n", "vtt": "WEBVTT\n\n",
            "transcript": "Standup-20250314_100200-Meeting Recording\nMarch 14, 2025, 10:00AM\n"
                          "12m 40s\n\n"}.get(kind, "")
    return head + "\n".join(turns) + ("\n{Reactions}\n👍 (3)\n" if kind == "discord" else "")


@pytest.mark.parametrize("kind", ["teams", "discord", "google", "zoom", "transcript", "vtt"])
def test_chat_exports_and_meeting_transcripts_are_read_by_their_speakers(kind):
    """A Teams chat's or a Discord export's "[3/14/2025 10:02 AM] Name", Google Chat's
    "Name, 10:02 AM", a transcript's "[Name] 10:02:11" or "Name   0:03", captions: each
    was a comment a line (or a block) with no author, banners and counts as words."""
    t = read_text(_layout(kind), source=f"meeting.{'vtt' if kind == 'vtt' else 'txt'}")
    want = [(f"{w.split()[0].lower()}_{k % 3}" if kind == "discord" else w, s)
            for k, (w, s) in enumerate(_MEETING)]
    assert [(c.author, c.text) for c in t.comments] == want


def test_a_teams_reply_quoting_a_message_is_no_header_of_its_own():
    """Teams copies a quoted message as its sender and time, then its words, under the
    reply's header: the quoted sender was read as a new message by her."""
    chat = _layout("teams") + (
        "\n[3/14/2025 10:09 AM] Chris Yoon\nLena Brooks\n3/14/2025 10:03 AM\n"
        "That was without a bot reminding people.\nA bot nobody reads is no better.\n")
    t = read_text(chat, source="teams.txt")
    last = t.comments[-1]
    assert (len(t.comments), last.author, last.text) == (
        6, "Chris Yoon", "A bot nobody reads is no better.")
    assert last.parent_id == "c4" and last.quotes[0].source_comment_id == "c4"


def test_a_discord_copy_reads_the_preview_of_the_message_a_reply_answers():
    """Discord copies the start of the message a reply answers above the reply's header
    ("@benford A ban is overkill…"): it was read as words of the message before, and
    the reply's parent was guessed."""
    chat = ("maya_o — Today at 7:02 PM\nShould the school ban phones at lunch?\n"
            "benford — Today at 7:05 PM\nA ban is overkill. Kids need their parents.\n"
            "priya.n — Today at 7:06 PM\nLunch is the only hour they talk face to face.\n"
            "@benford A ban is overkill. Kids need…\n"
            "tomhale — Today at 7:08 PM\nThe office phone exists for exactly that.\n")
    t = read_text(chat, source="discord.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("maya_o", "Should the school ban phones at lunch?"),
        ("benford", "A ban is overkill. Kids need their parents."),
        ("priya.n", "Lunch is the only hour they talk face to face."),
        ("tomhale", "The office phone exists for exactly that.")]
    assert t.comments[3].parent_id == "c2"


def test_a_teams_copy_with_its_title_names_with_digits_and_deleted_messages():
    """Teams copies the chat's name, "Chat" and "Files" above the messages and may put a
    colon after the name; "Wen Li 2" is a name; a deleted message says nothing. The
    chat had become two comments, or Wen's message was glued to the one before."""
    chat = ("Dog park committee\nChat\nFiles\n"
            "[3/14/2025 9:02 AM] Nkechi Eze:\nParks sent the fence quote.\n"
            "[3/14/2025 9:05 AM] Bruno Almeida:\nHalf the lot is too small.\n"
            "[3/14/2025 9:12 AM] Wen Li 2:\nTime slots never work.\n"
            "[3/14/2025 9:15 AM] Zoë Müller:\nThis message has been deleted.\n"
            "[3/14/2025 9:20 AM] Bruno Almeida:\nAgree with Wen.\n\nLet us ask a sponsor.\n")
    t = read_text(chat, source="teams.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Nkechi Eze", "Parks sent the fence quote."),
        ("Bruno Almeida", "Half the lot is too small."),
        ("Wen Li 2", "Time slots never work."),
        ("Bruno Almeida", "Agree with Wen.\n\nLet us ask a sponsor.")]


def test_a_day_or_a_recordings_heading_is_no_speaker_and_every_caption_names_one():
    """"Tue 3/12/2024 8:47 AM" (Outlook) and "Mon 7:02 PM" (Signal) were read as a person
    "Tue" or "Mon" with a time, a transcript's "Recording 1:02:14" as a person
    "Recording"; captions whose speakers each spoke once were read with no speaker."""
    from argmap.read.paste import _CLOCK_HEADER, _timed_header

    for line in ("Tue 3/12/2024 8:47 AM", "Mon 7:02 PM", "Recording 1:02:14", "Monday 10:00"):
        assert not _timed_header(line) and not _CLOCK_HEADER.match(line), line
    assert _CLOCK_HEADER.match("Mona Lisa  7:02 PM")  # a name that starts like a day
    captions = "WEBVTT\n\n" + "\n\n".join(
        f"{k}\n00:00:0{k}.000 --> 00:00:0{k}.900\n<v {who}>{said}" for k, (who, said) in
        enumerate([("Gloria Ruiz", "First item is the dog park."),
                   ("Harold Bright", "I live two doors from the lot."),
                   ("Zoë Müller", "I walk my dog at 6:30.")], 1))
    t = read_text(captions, source="meeting.vtt")
    assert [c.author for c in t.comments] == ["Gloria Ruiz", "Harold Bright", "Zoë Müller"]


def test_a_transcripts_speaker_twice_in_a_row_is_one_turn_and_its_heading_no_speaker():
    """A Teams transcript starts "Transcript" over the date (read as a person named
    "Transcript"), and one speaker's lines in a row were turns of their own."""
    text = ("Transcript\nMarch 14, 2025, 2:03PM\n\n"
            "Gloria Ruiz   0:05\nFirst item is the dog park.\n\n"
            "Zoë Müller   0:35\nI walk my dog at 6:30.\n\n"
            "Zoë Müller   0:48\nMost owners are in the same position.\n\n"
            "Harold Bright   0:55\nCould it open at 7 on weekdays?\n")
    t = read_text(text, source="transcript.txt")
    assert [(c.author, c.text) for c in t.comments if c.author] == [
        ("Gloria Ruiz", "First item is the dog park."),
        ("Zoë Müller", "I walk my dog at 6:30.\n\nMost owners are in the same position."),
        ("Harold Bright", "Could it open at 7 on weekdays?")]


def test_google_docs_comments_read_by_their_names_over_time_and_date():
    """Google Docs copies a comment's author over "10:14 AM Mar 5": every line was a
    comment with no author."""
    text = ("Selected text: \"a fenced area of about one acre\"\n"
            "Marta Kowalczyk\n10:14 AM Mar 5\nOne acre is small for big dogs.\n"
            "Jamal Pierce\n10:31 AM Mar 5\nGreenvale's is 0.8 acres and nobody complains.\n"
            "Marta Kowalczyk\n11:02 AM Mar 5\nGreenvale has separate sides though.\n"
            "Marked as resolved\n")
    t = read_text(text, source="doc-comments.txt")
    assert [(c.author, c.text) for c in t.comments if c.author] == [
        ("Marta Kowalczyk", "One acre is small for big dogs."),
        ("Jamal Pierce", "Greenvale's is 0.8 acres and nobody complains."),
        ("Marta Kowalczyk", "Greenvale has separate sides though.")]


SIGNAL = """\
Oak Street Parents
Monday
Rosa Diaz
Should the school close the car park at drop-off so kids can walk in safely?
Mon 7:02 PM
Omar Farouk
Yes. The queue of cars backs up onto the crossing every single morning.
Mon 7:04 PM
👍
2
Lena Park
Some of us drive because the bus stops a mile away. Where do we park instead?
Mon 7:05 PM
The church lot two streets over has room, I asked them last year.
Mon 7:09 PM
Omar Farouk
Lena Park
Some of us drive because the bus stops a mile away. Where do we park instead?
A mile is a twenty minute walk. Plenty of kids do it already.
Mon 7:12 PM
Lena Park
Not in January rain with a cello.
Mon 7:15 PM
"""


def test_a_chat_copied_with_names_over_words_and_times_under_them():
    """Signal, WhatsApp Web, Viber and LINE print the sender over a message and the time
    under it; read as a paste, every line was a comment and nobody had a name."""
    t = read_text(SIGNAL, source="chat.txt")
    assert [c.author for c in t.comments] == ["Rosa Diaz", "Omar Farouk", "Lena Park", None,
                                              "Omar Farouk", "Lena Park"]
    # the bubble with no name is its own message (the copier's own, or a second one)
    assert t.comments[3].text.startswith("The church lot")
    # a reply's card (the quoted sender and words) says what it answers
    omar = t.comments[4]
    assert omar.text == "A mile is a twenty minute walk. Plenty of kids do it already."
    assert omar.parent_id == "c3"
    words = " ".join(c.text for c in t.comments)
    for furniture in ("Mon 7:", "👍", "Monday", "Oak Street"):
        assert furniture not in words
    # a card may quote a part of the message: a bubble with no name quoting Omar
    own = SIGNAL + ("Omar Farouk\nPlenty of kids do it already.\nThey do, in June.\nMon 7:20 PM\n")
    t = read_text(own, source="chat.txt")
    assert (t.comments[-1].author, t.comments[-1].text) == (None, "They do, in June.")
    assert t.comments[-1].parent_id == "c5"


def test_a_story_of_names_and_times_is_no_chat():
    """Names over words and a few times, but nobody speaks twice: a text kept whole."""
    text = ("Rosa Diaz\nOpened the bakery in 1998 and still bakes every morning.\n7:02 PM\n"
            "Omar Farouk\nRuns the repair shop next door since the flood.\n7:04 PM\n")
    t = read_text(text, source="notes.txt")
    assert all(c.author is None for c in t.comments)
    assert "Rosa Diaz" in " ".join(c.text for c in t.comments)


@pytest.mark.parametrize("line", [
    "[19:02, 04/03/2024] Tomás Rivera: The memo says three office days from September.",
    "[7:02 PM, 3/4/2024] Tomás Rivera: The memo says three office days from September.",
    "[Tomás Rivera] [7:02 PM] The memo says three office days from September.",
    "19:02\tTomás Rivera\tThe memo says three office days from September.",
])
def test_more_chat_copies_name_their_speakers(line):
    """WhatsApp Web's copy (time before date), KakaoTalk's "[Name] [time]" and LINE's
    saved chat (tab-separated) each name the speaker on the line."""
    other = (line.replace("Tomás Rivera", "Aisha Bello")
             .replace("The memo says three office days from September.",
                      "Fixed days are the worst part of it."))
    third = line.replace("The memo says three office days from September.",
                         "Then ask for team days instead.")
    t = read_text("\n".join([line, other, third, other]), source="chat.txt")
    assert [c.author for c in t.comments] == ["Tomás Rivera", "Aisha Bello", "Tomás Rivera",
                                              "Aisha Bello"]
    assert t.comments[0].text == "The memo says three office days from September."


def test_a_skype_quote_and_a_twitch_reply_preview_say_what_a_turn_answers():
    skype = ("[04/03/2024 19:02] Olena: Cameras on every school street, 7am to 7pm.\n"
             "[04/03/2024 19:04] Greg: 7am to 7pm is a cash grab.\n"
             "[04/03/2024 19:09] Mei: I'd rather have cameras than another kid hurt.\n"
             "[04/03/2024 19:11] Greg: [04/03/2024 19:02] Olena: Cameras on every school "
             "street, 7am to 7pm.\n\n<<< Nobody minds cameras. I mind fines at 10pm.\n"
             "[04/03/2024 19:12] Mei: The cameras switch off at 7pm, says the notice.\n")
    t = read_text(skype, source="chat.txt")
    greg = t.comments[3]
    assert greg.text == "Nobody minds cameras. I mind fines at 10pm."
    assert greg.parent_id == "c1" and greg.quotes[0].source_comment_id == "c1"
    twitch = ("7:02 velo_vic: paris banned the scooters and the sidewalks are nicer\n"
              "7:02 skeptic_22: about time, half of them end up in the river\n"
              "7:03 kaylee_p: banning them puts people back in cars though\n"
              "Replying to @skeptic_22: about time, half of them end up in the river\n"
              "7:03 owl_88: @skeptic_22 that is a parking problem, fine the companies\n"
              "7:04 velo_vic: they did fine the companies for years\n")
    t = read_text(twitch, source="chat.txt")
    assert "Replying to" not in " ".join(c.text for c in t.comments)
    assert t.comments[2].text == "banning them puts people back in cars though"
    assert t.comments[3].parent_id == "c2"
