"""Fact patterns on new Arabic sentences: given this news sentence, the extractor finds these facts.

Each test writes a small article of its own (a title line, a date line, paragraphs in the register
of news agencies; none of them the seed's), reads it with the real reader and runs the real
extractor. The article is dated Friday 10 June 2022 unless a test says otherwise, which fixes
relative dates ("الخميس الماضي" = 2022-06-09) and the asOf of present-tense facts.
"""

from __future__ import annotations

from pathlib import Path

from csto_kg.config import PROJECT_ROOT
from csto_kg.corpus import Article, read_article
from csto_kg.extract.dates import DateValue
from csto_kg.extract.facts import Extraction, extract
from csto_kg.extract.records import Record
from csto_kg.lexicon import Lexicon, load_lexicon

PUBLISHED = DateValue("2022-06-10", "day")


def write_article(tmp_path: Path, *paragraphs: str, date: str = "10 يونيو 2022", title: str = "تطورات إقليمية") -> Article:
    """A title line, a date line and paragraphs, as an outlet's page would give them."""
    path = tmp_path / f"article_{len(list(tmp_path.iterdir()))}.txt"
    path.write_text(f"{title}\n\n{date}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return read_article(path)


def run(tmp_path: Path, *paragraphs: str, date: str = "10 يونيو 2022") -> Extraction:
    return extract(write_article(tmp_path, *paragraphs, date=date))


def of_type(extraction: Extraction, *types: str) -> list[Record]:
    return [r for r in extraction.records if r.type in types]


def posts_of(extraction: Extraction) -> set[tuple[str, str]]:
    """(holder, post) of every incumbency."""
    return {(r.properties["holder"], r.properties["post"]) for r in of_type(extraction, "Incumbency")}


def undated(extraction: Extraction, kind: str) -> bool:
    """No event of `kind`, or only ones without a date."""
    return all(r.properties.get("startDate") is None for r in of_type(extraction, kind))


def dated_places(extraction: Extraction, kind: str) -> list[tuple[str | None, str | None]]:
    """(date, place) of every event of `kind`, in record order."""
    return [(getattr(r.properties.get("startDate"), "iso", None), r.properties.get("location")) for r in of_type(extraction, kind)]


def requests_of(extraction: Extraction) -> set[tuple[str, str]]:
    """(requester, addressee) of every request for help."""
    return {(r.properties["requester"], r.properties["addressee"]) for r in of_type(extraction, "AssistanceRequest")}


def record(extraction: Extraction, local_id: str) -> Record:
    found = [r for r in extraction.records if r.id == local_id]
    assert found, f"no record {local_id}; have {[r.id for r in extraction.records if r.type != 'Mention']}"
    return found[0]


def assert_evidence_in_body(extraction: Extraction) -> None:
    body = extraction.article.body
    for item in extraction.records:
        for evidence in item.evidence:
            assert body[evidence.start:evidence.end] == evidence.exact


# -- persons named after titles -------------------------------------------------------------------


def test_words_after_a_title_that_name_nobody_mint_no_person(tmp_path: Path) -> None:
    """A noun with a possessive pronoun is no word of a name, and "a new" one is nobody yet."""
    extraction = run(
        tmp_path,
        "وقال إن المواطنين ينتظرون خطوات سريعة مني كرئيس لضمان سلامتهم.",
        "وأوضح أن رئيس الدولة أصدر تعليماته بإعداد خطة.",
        "وأضافت أن انتخاب أمين عام جديد سيخدم سمعة المنظمة.",
        "ووصل وزير الدفاع الأرميني آرام توماسيان إلى مينسك.",
    )
    assert [p.id for p in of_type(extraction, "Person")] == ["person/aram-twmasyan"]


def test_a_persian_surname_after_a_compound_first_name_and_a_post_held_then(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال وزير الدفاع الإيراني محمد رضا أشتياني إن بلاده مستعدة.",
        "وكان وزير الدفاع الروسي آنذاك سيرغي إيفانوف قد زار طشقند.",
    )
    people = {r.properties.get("labelAr") for r in of_type(extraction, "Person")}
    assert people == {"محمد رضا أشتياني", "سيرغي إيفانوف"}  # "آنذاك" (then) is no first name


def test_person_not_in_reference_after_title_is_minted_with_a_post(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وصل وزير الدفاع الأرميني آرام توماسيان إلى مينسك للمشاركة في اجتماع مجلس وزراء الدفاع.",
    )
    person = record(extraction, "person/aram-twmasyan")
    assert person.type == "Person"
    assert person.properties["labelAr"] == "آرام توماسيان"
    post = record(extraction, "post/defence-minister-of-armenia")
    assert post.properties == post.properties | {"role": "role/defence-minister", "postIn": "state/armenia"}
    tenure = record(extraction, "incumbency/aram-twmasyan--defence-minister-of-armenia")
    assert tenure.properties["holder"] == "person/aram-twmasyan"
    assert tenure.properties["asOf"] == PUBLISHED
    assert tenure.evidence[0].exact == "وزير الدفاع الأرميني آرام توماسيان"
    assert tenure.evidence[0].rule == "post-title"
    assert_evidence_in_body(extraction)


def test_given_names_in_another_transliteration_before_a_known_surname_are_that_person(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وشارك في القمة رئيس كازاخستان كازيم-زومارت توكاييف ورئيس قرغيزستان أكيلبيك جاباروف.")
    holders = {(t.properties["holder"], t.properties["post"]) for t in of_type(extraction, "Incumbency")}
    assert ("person/kassym-jomart-tokayev", "post/president-of-kazakhstan") in holders
    assert not any(h == "person/sadyr-japarov" for h, _ in holders)  # another first name: another Japarov


def test_the_head_of_the_country_is_the_head_of_the_state_named_before(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "واندلعت احتجاجات واسعة في قرغيزستان الأسبوع الماضي.",
        "وقال رئيس البلاد صدير جاباروف إن الوضع مستقر.",
        "وأكد رئيس الدولة فلاديمير بوتين أن روسيا مستعدة للمساعدة.",  # no state before it: a known head's own
    )
    holders = {(t.properties["holder"], t.properties["post"]) for t in of_type(extraction, "Incumbency")}
    assert holders == {("person/sadyr-japarov", "post/president-of-kyrgyzstan"), ("person/vladimir-putin", "post/president-of-russia")}


def test_role_state_title_and_a_known_surname_of_another_person(tmp_path: Path) -> None:
    # جاباروف alone would be one of the reference data's Japarovs; after a title, "تيمور جاباروف"
    # is a full name of someone else, and "أكيلبيك جاباروف" the reference data's other Japarov.
    extraction = run(
        tmp_path,
        "وقال رئيس وزراء قرغيزستان تيمور جاباروف إن بلاده مستعدة لاستضافة التدريبات المشتركة.",
    )
    tenure = record(extraction, "incumbency/tymwr-jabarwf--prime-minister-of-kyrgyzstan")
    assert tenure.properties["holder"] == "person/tymwr-jabarwf"
    assert record(extraction, "person/tymwr-jabarwf").properties["labelAr"] == "تيمور جاباروف"
    assert all(r.properties.get("refersTo") != "person/sadyr-japarov" for r in of_type(extraction, "Mention"))
    extraction = run(tmp_path, "وقال رئيس وزراء قرغيزستان أكيلبيك جاباروف إن بلاده مستعدة لاستضافة التدريبات المشتركة.")
    assert record(extraction, "incumbency/akylbek-japarov--prime-minister-of-kyrgyzstan").properties["holder"] == "person/akylbek-japarov"
    assert record(extraction, "post/prime-minister-of-kyrgyzstan").properties["postIn"] == "state/kyrgyzstan"


def test_secretary_general_of_the_organization_named_by_anaphor_is_a_reference_person(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تستعد منظمة معاهدة الأمن الجماعي لإطلاق مناورات واسعة. وأوضح الأمين العام للمنظمة إيمانغالي "
        "تاسماغامبيتوف، في تصريح صحفي، أن المناورات دفاعية.",
    )
    tenure = record(extraction, "incumbency/imangali-tasmagambetov--secretary-general-of-csto")
    assert tenure.properties["post"] == "post/secretary-general-of-csto"
    assert of_type(extraction, "Person") == []  # a reference person is not minted again


def test_the_same_new_name_gets_the_same_id_in_two_articles(tmp_path: Path) -> None:
    first = run(tmp_path, "استقبل وزير الخارجية الطاجيكي نور الدين صابروف السفير الروسي في دوشنبه.")
    # Another outlet drops the hamza and vowels the name: still the same person.
    second = run(
        tmp_path,
        "وأكد وزير الخارجية الأرميني أرارات ميرزويان ونظيره الطاجيكي فَرهاد صابروف أن التعاون مستمر.",
        date="12 يونيو 2022",
    )
    third = run(tmp_path, "وصرح وزير خارجية طاجيكستان فرهاد صابروف بأن الحدود آمنة.", date="14 يونيو 2022")
    ids = {r.id for r in of_type(second, "Person")} & {r.id for r in of_type(third, "Person")}
    assert ids == {"person/frhad-sabrwf"}
    assert record(second, "incumbency/frhad-sabrwf--foreign-minister-of-tajikistan").evidence[0].rule == "post-counterpart"
    assert record(third, "incumbency/frhad-sabrwf--foreign-minister-of-tajikistan").evidence[0].rule == "post-title"
    assert record(second, "person/frhad-sabrwf").properties["labelAr"] == "فَرهاد صابروف"
    # "نور الدين" starts with the article inside the name: not read as a name here (see report).
    assert of_type(first, "Person") == []


def test_a_new_name_stops_at_a_comma_a_verb_or_a_preposition(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وزار وزير الدفاع البيلاروسي فيكتور بولوتوف، الذي وصل أمس، العاصمة الروسية.",
        "والتقى المتحدث باسم وزارة الخارجية الكازاخستانية أيبك سمادياروف بأن الوفد سيغادر.",
        "وعقد نائب وزير الخارجية الأرميني مناتساكان سافاريان لقاء مع السفير الروسي.",
        "واستقبل نظيره القرغيزي بيكتور تشيرونوف لبحث ملفات الحدود.",
    )
    labels = sorted(r.properties["labelAr"] for r in of_type(extraction, "Person"))
    assert labels == ["أيبك سمادياروف", "بيكتور تشيرونوف", "فيكتور بولوتوف", "مناتساكان سافاريان"]


def test_a_later_word_of_a_name_may_begin_like_the_article_when_it_ends_like_a_surname(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وحضر الحفل نائب الأمين العام لمنظمة معاهدة الأمن الجماعي سمير نور اللهيف.",
        "وقال المتحدث باسم وزارة الدفاع الطاجيكية سمير نور الأسبوع الماضي إن القوات جاهزة.",
    )
    labels = sorted(r.properties["labelAr"] for r in of_type(extraction, "Person"))
    assert labels == ["سمير نور", "سمير نور اللهيف"]


# -- posts ------------------------------------------------------------------------------------


def test_role_of_a_ministry_mints_the_ministry(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال المتحدث باسم وزارة الخارجية الطاجيكية أيبك سمادياروف إن دوشنبه تتابع الوضع عن كثب.",
    )
    ministry = record(extraction, "organization/tajikistan-ministry-of-foreign-affairs")
    assert ministry.type == "Ministry"
    assert ministry.properties["ministryOf"] == "state/tajikistan"
    assert ministry.properties["labelAr"] == "وزارة الخارجية الطاجيكية"
    post = record(extraction, "post/spokesperson-of-tajikistan-ministry-of-foreign-affairs")
    assert post.properties["postIn"] == "organization/tajikistan-ministry-of-foreign-affairs"
    assert record(extraction, "incumbency/aybk-smadyarwf--spokesperson-of-tajikistan-ministry-of-foreign-affairs")


def test_role_of_a_republic_and_counterpart(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "استقبل رئيس جمهورية طاجيكستان إمام علي رحمن في دوشنبه يوم الأربعاء نظيره البيلاروسي ألكسندر لوكاشينكو.",
    )
    assert record(extraction, "incumbency/emomali-rahmon--president-of-tajikistan").evidence[0].rule == "post-title"
    counterpart = record(extraction, "incumbency/alexander-lukashenko--president-of-belarus")
    assert counterpart.evidence[0].rule == "post-counterpart"
    assert counterpart.evidence[0].exact == "نظيره البيلاروسي ألكسندر لوكاشينكو"
    assert record(extraction, "post/president-of-belarus").properties["role"] == "role/president"


# -- memberships and chairmanships ---------------------------------------------------------------


def test_membership_list_after_a_cue(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تأسست منظمة معاهدة الأمن الجماعي رسميا عام 2002، وتضم المنظمة ستة بلدان هي روسيا وبيلاروسيا "
        "وأرمينيا وكازاخستان وقرغيزستان وطاجيكستان.",
    )
    members = {r.properties["member"] for r in of_type(extraction, "Membership")}
    assert members == {f"state/{s}" for s in ("russia", "belarus", "armenia", "kazakhstan", "kyrgyzstan", "tajikistan")}
    for membership in of_type(extraction, "Membership"):
        assert membership.properties["organization"] == "organization/csto"
        assert membership.properties["membershipStatus"] == "member"
        assert membership.properties["asOf"] == PUBLISHED
        assert membership.evidence[0].rule == "membership-list"


def test_exit_suspension_and_accession_with_the_state_between_verb_and_object(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تعد منظمة معاهدة الأمن الجماعي تحالفا عسكريا إقليميا. وانسحبت أوزبكستان من المنظمة عام 2012، "
        "فيما علقت أرمينيا مشاركتها في أنشطة المنظمة.",
        "وكانت أذربيجان قد انضمت إلى معاهدة الأمن الجماعي عام 1993، قبل أن تنسحب منها لاحقا.",
        "ولم تعد جورجيا عضوا في منظمة معاهدة الأمن الجماعي منذ عام 1999.",
    )
    uzbekistan = record(extraction, "membership/csto--uzbekistan--withdrawn--2012")  # an episode: named by its year
    assert uzbekistan.properties["membershipStatus"] == "withdrawn"
    assert uzbekistan.properties["endDate"] == DateValue("2012", "year")
    assert uzbekistan.evidence[0].exact == "انسحبت أوزبكستان من المنظمة عام 2012"
    armenia = record(extraction, "membership/csto--armenia--suspended")
    assert armenia.properties["membershipStatus"] == "suspended"
    assert armenia.properties["asOf"] == PUBLISHED
    # before the CSTO was founded (2002) a state joins or leaves its founding treaty
    azerbaijan = record(extraction, "treaty-party/collective-security-treaty--azerbaijan--acceded--1993")
    assert azerbaijan.type == "TreatyParty"
    assert azerbaijan.properties["party"] == "state/azerbaijan"
    assert azerbaijan.properties["treaty"] == "treaty/collective-security-treaty"
    assert azerbaijan.properties["membershipStatus"] == "acceded"
    assert azerbaijan.properties["startDate"] == DateValue("1993", "year")
    georgia = record(extraction, "treaty-party/collective-security-treaty--georgia--withdrawn--1999")
    assert georgia.properties["membershipStatus"] == "withdrawn"
    assert georgia.properties["endDate"] == DateValue("1999", "year")
    assert_evidence_in_body(extraction)


def test_not_a_member_without_a_date_is_no_membership_fact(tmp_path: Path) -> None:
    # "ليست عضوا" states no past: the state may never have joined. Only with منذ is it an exit.
    extraction = run(
        tmp_path,
        "وقالت الخارجية الأذربيجانية إن أذربيجان ليست عضوا في منظمة معاهدة الأمن الجماعي.",
        "أما أوزبكستان فليست عضوا في منظمة معاهدة الأمن الجماعي منذ عام 2012.",
    )
    assert [r.id for r in of_type(extraction, "Membership")] == ["membership/csto--uzbekistan--withdrawn--2012"]
    assert record(extraction, "membership/csto--uzbekistan--withdrawn--2012").properties["endDate"] == DateValue("2012", "year")


def test_hedged_or_denied_exit_is_no_fact(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قال محللون إن منظمة معاهدة الأمن الجماعي تواجه أزمة ثقة، ولا يستبعد مراقبون أن تنسحب أرمينيا من المنظمة.",
        "ونفى مصدر دبلوماسي أن تكون أرمينيا قد انسحبت من المنظمة رسميا.",
    )
    assert of_type(extraction, "Membership") == []


def test_chairmanship_of_the_organization(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتتولى كازاخستان رئاسة منظمة معاهدة الأمن الجماعي خلال العام الجاري.",
    )
    chair = record(extraction, "chairmanship/csto--kazakhstan--2022")
    assert chair.properties["member"] == "state/kazakhstan"
    assert chair.properties["organization"] == "organization/csto"
    assert chair.properties["asOf"] == PUBLISHED


# -- events ------------------------------------------------------------------------------------


def test_summit_held_with_date_city_and_participants(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "عقدت قمة منظمة معاهدة الأمن الجماعي في مينسك يوم 15 أيار 2023 بمشاركة الرئيس الروسي فلاديمير "
        "بوتين والرئيس البيلاروسي ألكسندر لوكاشينكو.",
        date="20 مايو 2023",
    )
    summit = record(extraction, "event/summit-csto-2023-05")
    assert summit.type == "Summit"
    assert summit.properties["eventStatus"] == "held"
    assert summit.properties["startDate"] == DateValue("2023-05-15", "day")
    assert summit.properties["location"] == "city/minsk"
    assert summit.properties["organizer"] == "organization/csto"
    assert summit.properties["participant"] == ["person/vladimir-putin", "person/alexander-lukashenko"]


def test_body_convening_a_meeting_as_subject_makes_a_summit(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "عقد مجلس الأمن الجماعي لمنظمة معاهدة الأمن الجماعي اجتماعا في يريفان يوم 23 نوفمبر 2022 بحضور "
        "رئيس الوزراء الأرميني نيكول باشينيان والرئيس الطاجيكي إمام علي رحمن.",
        date="24 نوفمبر 2022",
    )
    summit = record(extraction, "event/summit-csto-collective-security-council-2022-11")
    assert summit.properties["organizer"] == "organization/csto-collective-security-council"
    assert summit.properties["location"] == "city/yerevan"
    assert summit.properties["participant"] == ["person/nikol-pashinyan", "person/emomali-rahmon"]


def test_planned_and_held_meetings_with_month_and_relative_dates(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ومن المقرر أن تعقد قمة المنظمة المقبلة في بيشكيك، وفق ما أعلنت منظمة معاهدة الأمن الجماعي.",
        "وسيعقد اجتماع مجلس وزراء الدفاع في دوشنبه في ماي 2023.",
        "وجرى اجتماع لجنة أمناء مجالس الأمن في أستانا الخميس الماضي.",
    )
    defence = record(extraction, "event/ministerialmeeting-csto-council-of-defence-ministers-2023-05")
    assert defence.properties["eventStatus"] == "planned"
    assert defence.properties["startDate"] == DateValue("2023-05", "month")
    assert defence.properties["location"] == "city/dushanbe"
    security = record(extraction, "event/ministerialmeeting-csto-committee-of-secretaries-of-security-councils-2022-06")
    assert security.properties["eventStatus"] == "held"
    assert security.properties["location"] == "city/astana"
    summits = of_type(extraction, "Summit")
    assert [s.properties["location"] for s in summits] == ["city/bishkek"]
    assert summits[0].properties["eventStatus"] == "planned"


def test_reported_speech_speaker_is_not_a_participant(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قال لافروف إن اجتماع مجلس وزراء الخارجية سيعقد في مينسك يوم 30 يونيو 2022 بحضور الأمين العام "
        "ستانيسلاف زاس.",
    )
    meeting = record(extraction, "event/ministerialmeeting-csto-council-of-foreign-ministers-2022-06")
    assert meeting.properties["eventStatus"] == "planned"
    assert meeting.properties["participant"] == ["person/stanislav-zas"]


def test_talks_with_an_elided_subject_after_a_visit(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووصل رئيس الوزراء الأرميني نيكول باشينيان إلى موسكو يوم الثلاثاء، وأجرى محادثات مع الرئيس الروسي "
        "فلاديمير بوتين.",
    )
    visit = record(extraction, "event/visit-nikol-pashinyan-moscow-2022-06-07")
    assert visit.properties["location"] == "city/moscow"
    talks = of_type(extraction, "BilateralTalks")
    assert len(talks) == 1
    assert talks[0].properties["participant"] == ["person/nikol-pashinyan", "person/vladimir-putin"]
    assert talks[0].properties["eventStatus"] == "held"


def test_request_for_help_with_the_requester_inside_the_verb_phrase(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وطلب رئيس الوزراء الأرميني نيكول باشينيان المساعدة من منظمة معاهدة الأمن الجماعي في سبتمبر 2022.",
        "وكانت أرمينيا قد طلبت المساعدة من المنظمة يوم 13 سبتمبر 2022.",
        date="20 سبتمبر 2022",
    )
    by_person = record(extraction, "event/assistancerequest-nikol-pashinyan-csto-2022-09")
    assert by_person.properties["requester"] == "person/nikol-pashinyan"
    assert by_person.properties["addressee"] == "organization/csto"
    assert by_person.properties["eventStatus"] == "held"
    by_state = record(extraction, "event/assistancerequest-armenia-csto-2022-09")
    assert by_state.properties["requester"] == "state/armenia"
    assert_evidence_in_body(extraction)


def test_denied_request_for_help_is_no_event(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "نفى المتحدث باسم الحكومة الأرمينية أن يكون رئيس الوزراء نيكول باشينيان قد طلب المساعدة من منظمة "
        "معاهدة الأمن الجماعي.",
    )
    assert of_type(extraction, "AssistanceRequest") == []


def test_treaty_signing_with_signatories_before_the_document(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووقع رؤساء روسيا وبيلاروسيا وكازاخستان على ميثاق منظمة معاهدة الأمن الجماعي في موسكو يوم 7 أكتوبر 2002.",
        "وفي دوشنبه، وقعت أرمينيا وقرغيزستان في 3 مارس 2022 على اتفاقية للتعاون العسكري التقني.",
    )
    charter = record(extraction, "event/signing-csto-charter-2002")
    assert charter.properties["signedDocument"] == "treaty/csto-charter"
    assert charter.properties["signatory"] == ["state/russia", "state/belarus", "state/kazakhstan"]
    assert charter.properties["location"] == "city/moscow"
    assert charter.properties["eventStatus"] == "held"
    signings = [r for r in of_type(extraction, "Signing") if r.id != charter.id]
    assert len(signings) == 1
    agreement = signings[0]
    assert agreement.properties["signatory"] == ["state/armenia", "state/kyrgyzstan"]
    assert agreement.properties["startDate"] == DateValue("2022-03-03", "day")
    assert agreement.properties["location"] == "city/dushanbe"
    document = record(extraction, agreement.properties["signedDocument"])
    assert document.type == "Treaty"
    assert document.properties["labelAr"] == "اتفاقية للتعاون العسكري التقني"


def test_a_denial_reaches_only_to_the_end_of_its_clause(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ولا يستبعد مراقبون أن يناقش القادة الاضطرابات التي اندلعت في أستانا في يناير 2022.",
        "ونفى الكرملين صحة هذه التقارير، وأكد أن قمة منظمة معاهدة الأمن الجماعي ستعقد في موسكو يوم 5 يوليو 2022.",
    )
    unrest = of_type(extraction, "Unrest")
    assert [u.properties["location"] for u in unrest] == ["state/kazakhstan"]  # in Astana: the country's unrest
    assert unrest[0].properties["startDate"] == DateValue("2022-01", "month")
    summit = record(extraction, "event/summit-csto-2022-07")
    assert summit.properties["eventStatus"] == "planned"


def test_occurred_is_not_signed(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووقعت اشتباكات على خلفية اتفاق ترسيم الحدود بين قرغيزستان وطاجيكستان في سبتمبر 2022.",
    )
    assert of_type(extraction, "Signing") == []


def test_a_state_in_a_relative_clause_is_not_the_subject_of_a_membership_change(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأعلن رئيس الوزراء الأرميني نيكول باشينيان أن بلاده جمدت عضويتها في منظمة معاهدة الأمن الجماعي "
        "التي تقودها روسيا.",
        "وتضم المنظمة روسيا وبيلاروسيا وكازاخستان وقرغيزستان وطاجيكستان وأرمينيا.",
    )
    russia = record(extraction, "membership/csto--russia--member")
    assert russia.properties["membershipStatus"] == "member"
    assert [e.rule for e in russia.evidence] == ["membership-list"]
    # "بلده" is "بلاده" too.
    extraction = run(tmp_path, "وقال الرئيس الأوزبكي إن بلده علقت عضويتها في منظمة معاهدة الأمن الجماعي.")
    assert {(r.properties["member"], r.properties["membershipStatus"]) for r in of_type(extraction, "Membership")} == {
        ("state/uzbekistan", "suspended")
    }


# -- events: status by date, places, one event per real event -------------------------------------


def test_an_event_dated_after_publication_is_planned_and_a_city_named_as_an_actor_is_no_place(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تحتضن العاصمة الكازاخستانية أستانا يوم 20 حزيران/يونيو الجاري اجتماعا لمجلس وزراء خارجية منظمة معاهدة الأمن الجماعي، في ظل مقاطعة يريفان لأنشطة المنظمة.",
    )
    meetings = of_type(extraction, "MinisterialMeeting")
    assert len(meetings) == 1
    assert meetings[0].properties["startDate"] == DateValue("2022-06-20", "day")
    assert meetings[0].properties["eventStatus"] == "planned"
    assert meetings[0].properties["location"] == "city/astana"
    assert not of_type(extraction, "Meeting")


def test_a_definite_mention_is_the_event_named_before_and_the_next_summit_is_another(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "عقد قادة الدول الأعضاء في منظمة معاهدة الأمن الجماعي أمس في العاصمة الطاجيكية دوشنبه اجتماعا بحثوا فيه الوضع على الحدود.",
        "وشارك في القمة في دوشنبه الرئيس الروسي فلاديمير بوتين، على أن تستضيف موسكو القمة المقبلة في تشرين الثاني/نوفمبر المقبل.",
    )
    summits = sorted(of_type(extraction, "Summit"), key=lambda r: r.properties["startDate"].iso)
    assert [(s.properties["startDate"].iso, s.properties.get("location"), s.properties["eventStatus"]) for s in summits] == [
        ("2022-06-09", "city/dushanbe", "held"),
        ("2022-11", "city/moscow", "planned"),
    ]
    assert not of_type(extraction, "Meeting")


def test_a_headline_summit_without_date_is_the_dated_summit_in_the_same_city(tmp_path: Path) -> None:
    article = write_article(
        tmp_path,
        "واختتمت أمس في العاصمة الأرمينية يريفان أعمال الدورة العادية لمجلس الأمن الجماعي لمنظمة معاهدة الأمن الجماعي.",
        title="قمة يريفان تقر حزمة من الوثائق لعام 2023",
    )
    summits = of_type(extract(article), "Summit")
    assert [(s.properties.get("startDate"), s.properties.get("location")) for s in summits] == [
        (DateValue("2022-06-09", "day"), "city/yerevan")
    ]


# -- entities and posts: organisations inside names, implicit holders, titles after the name ---------


def _mentioned(extraction: Extraction) -> set[str]:
    return {r.properties["refersTo"] for r in of_type(extraction, "Mention")}


def _posts_of(extraction: Extraction) -> dict[tuple[str, str], Record]:
    return {(r.properties["holder"], r.properties["post"]): r for r in of_type(extraction, "Incumbency")}


def test_an_organisation_inside_a_body_name_is_mentioned_and_is_what_almunazzama_means(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "اجتمع مجلس وزراء دفاع منظمة معاهدة الأمن الجماعي في دوشنبه، بعد أن منحت الجمعية العامة للأمم المتحدة "
        "المنظمة صفة مراقب.",
        "وحضر الاجتماع الأمين العام للمنظمة بختيار سادييف.",
    )
    assert {"organization/csto", "organization/united-nations"} <= _mentioned(extraction)
    posts = _posts_of(extraction)
    assert ("person/bkhtyar-sadyyf", "post/secretary-general-of-csto") in posts


def test_a_body_begun_inside_a_title_is_its_holder_and_a_rank_stands_before_the_name(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وشارك في المناورات رئيس هيئة الأركان المشتركة للمنظمة الفريق أول رستم ناظروف، وفق بيان منظمة معاهدة "
        "الأمن الجماعي.",
    )
    assert "organization/csto-joint-staff" in _mentioned(extraction)
    assert ("person/rstm-nazrwf", "post/chief-of-general-staff-of-csto-joint-staff") in _posts_of(extraction)


def test_a_past_post_and_a_nationality_after_an_organisation_title(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتسلم المنصب خلفا للأمين العام السابق الطاجيكي بهرام ساليموف في منظمة معاهدة الأمن الجماعي.",
    )
    posts = _posts_of(extraction)
    tenure = posts[("person/bhram-salymwf", "post/secretary-general-of-csto")]
    assert "asOf" not in tenure.properties
    assert not any(post.endswith("-of-tajikistan") for _, post in posts)


def test_an_accusative_title_after_a_name_and_a_title_after_mansib(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووافق قادة منظمة معاهدة الأمن الجماعي على تعيين الأوزبكي دلشود رحيموف أمينا عاما للمنظمة.",
        "وكان الرئيس الكازاخستاني قاسم جومارت توكاييف قد شغل منصب رئيس الحكومة الكازاخستانية في التسعينيات.",
    )
    posts = _posts_of(extraction)
    assert ("person/dlshwd-rhymwf", "post/secretary-general-of-csto") in posts
    past = posts[("person/kassym-jomart-tokayev", "post/prime-minister-of-kazakhstan")]
    assert "asOf" not in past.properties


def test_members_of_a_delegation_hold_their_titles_in_its_state(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وضم الوفد البيلاروسي إلى القمة وزير الخارجية ماكسيم دانيلوف ووزير الدفاع بافل كوزلوف.",
    )
    posts = _posts_of(extraction)
    assert ("person/maksym-danylwf", "post/foreign-minister-of-belarus") in posts


def test_coordinated_bodies_and_a_document_named_by_its_organisation(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وناقش الخبراء عمل الأمانة العامة والقوات الجماعية لمنظمة معاهدة الأمن الجماعي، ونص ميثاق المنظمة "
        "المعدل وكذلك معاهدة تأسيس المنظمة.",
    )
    mentioned = _mentioned(extraction)
    assert {"organization/csto-secretariat", "organization/csto-collective-forces", "organization/csto"} <= mentioned
    assert "treaty/collective-security-treaty" in mentioned


# -- memberships, chairmanships and signatories: shapes of lists, verbs and references -----------


def test_member_list_with_connectors_a_relative_clause_and_the_salient_organization(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "أجرت منظمة معاهدة الأمن الجماعي مناورات واسعة في الخريف، وقال مسؤول في منظمة معاهدة الأمن الجماعي إنها ناجحة.",
        "وانتقد حلف شمال الأطلسي هذه التدريبات.",
        "وتضم المنظمة، التي يوجد مقرها في موسكو، إلى جانب روسيا وبيلاروسيا، كلا من أرمينيا وكازاخستان "
        "وقرغيزستان وطاجيكستان.",
    )
    memberships = of_type(extraction, "Membership")
    assert {r.properties["organization"] for r in memberships} == {"organization/csto"}
    assert {r.properties["member"] for r in memberships} == {
        f"state/{s}" for s in ("russia", "belarus", "armenia", "kazakhstan", "kyrgyzstan", "tajikistan")
    }
    assert_evidence_in_body(extraction)


def test_the_organization_is_the_one_called_so_and_members_by_membership_or_of_the_group(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "اتهمت موسكو حلف شمال الأطلسي بالتوسع شرقا، وقالت إن حلف شمال الأطلسي يهدد جيرانها.",
        "وأضافت أن حلف شمال الأطلسي يدرب جيوشا قرب حدودها.",
        "وقد نشأت منظمة معاهدة الأمن الجماعي للدفاع المشترك، وتحظى ست دول بعضوية المنظمة اليوم، هي: روسيا "
        "وأرمينيا وبيلاروس وكازاخستان وقرغيزستان وطاجيكستان.",
    )
    memberships = of_type(extraction, "Membership")
    assert {r.properties["organization"] for r in memberships} == {"organization/csto"}
    assert len(memberships) == 6
    extraction = run(
        tmp_path,
        "وتوحد منظمة معاهدة الأمن الجماعي جهود أعضاء المجموعة «روسيا، وبيلاروس، وأرمينيا» في مواجهة الإرهاب.",
    )
    assert {r.properties["member"] for r in of_type(extraction, "Membership")} == {
        "state/russia", "state/belarus", "state/armenia"
    }


def test_member_lists_made_of_belonging_to_or_named_before_the_members_predicate(tmp_path: Path) -> None:
    def members(sentence: str) -> set[str]:
        extraction = run(tmp_path, "نشأت منظمة معاهدة الأمن الجماعي في مطلع القرن.", sentence)
        return {r.properties["member"] for r in of_type(extraction, "Membership")}

    three = {"state/kazakhstan", "state/tajikistan", "state/belarus"}
    assert members("والمنظمة مكونة من كازاخستان وطاجيكستان وبيلاروس.") == three
    assert members("وتنتمي إلى المنظمة ثلاث دول أخرى هي كازاخستان وطاجيكستان وبيلاروس.") == three
    assert members("وكازاخستان وطاجيكستان وبيلاروس هي الدول الأعضاء في المنظمة.") == three
    assert members("وهي تضم عدة أعضاء: كازاخستان، طاجيكستان، بيلاروس.") == three
    assert members("وتتشكل المنظمة من كازاخستان وطاجيكستان وبيلاروس.") == three
    # A state named on the way to the list is not its first member; official names are names.
    assert members("وتضم المنظمة ثلاثة بلدان من الاتحاد السوفيتي السابق هي كازاخستان وطاجيكستان وبيلاروس.") == three
    assert members("وتضم المنظمة الجمهورية القرغيزية وجمهورية طاجيكستان.") == {"state/kyrgyzstan", "state/tajikistan"}
    # The treaty's name as today's organization, and other names outlets give it.
    assert members("وتضم معاهدة الأمن الجماعي حاليا كازاخستان وطاجيكستان وبيلاروس.") == three
    assert members("ويضم حلف الأمن الجماعي كازاخستان وطاجيكستان وبيلاروس.") == three
    # A relative clause not set off, ended by the opener of the list; a count inside the predicate.
    assert members("وتضم المنظمة التي تقودها موسكو منذ تأسيسها كلا من كازاخستان وطاجيكستان وبيلاروس.") == three
    assert members("وكازاخستان وطاجيكستان وبيلاروس هي الدول الست الأعضاء في المنظمة.") == three


def test_demanded_exit_is_no_fact_and_a_verbal_noun_with_a_list_is(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتظاهر المئات في العاصمة مطالبين بانسحاب أرمينيا من منظمة معاهدة الأمن الجماعي.",
        "ولم تتقدم أرمينيا بطلب رسمي للانسحاب من المنظمة.",
        "وكانت انتهت عام 1999 مشاركة أذربيجان وجورجيا في معاهدة الأمن الجماعي.",
    )
    assert of_type(extraction, "Membership") == []
    ids = {r.id for r in of_type(extraction, "TreatyParty")}
    georgia = "treaty-party/collective-security-treaty--georgia--withdrawn--1999"
    assert ids == {"treaty-party/collective-security-treaty--azerbaijan--withdrawn--1999", georgia}
    assert record(extraction, georgia).properties["endDate"] == DateValue("1999", "year")


def test_accessions_in_elliptical_coordination_and_a_later_exit_are_two_episodes_each(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقعت معاهدة الأمن الجماعي عام 1992. وانضمت إلى المعاهدة أذربيجان في 5 مايو 1994، ثم جورجيا في 7 يونيو 1994.",
        "لكن أذربيجان وجورجيا خرجتا منها، إذ خرجت أذربيجان وجورجيا من المعاهدة عام 1999.",
        "وعادت أذربيجان إلى منظمة معاهدة الأمن الجماعي عام 2005.",
    )
    # the accession and the exit: an episode each, as a signing in 1994 and an exit in 1999 would be
    treaty = "treaty-party/collective-security-treaty--"
    for state, day in (("azerbaijan", "1994-05-05"), ("georgia", "1994-06-07")):
        acceded = record(extraction, f"{treaty}{state}--acceded--1994")
        assert acceded.properties["startDate"] == DateValue(day, "day") and "endDate" not in acceded.properties
        assert acceded.properties["membershipStatus"] == "acceded"
        left = record(extraction, f"{treaty}{state}--withdrawn--1999")
        assert left.properties["endDate"] == DateValue("1999", "year") and "startDate" not in left.properties
    # A return after the exit is an episode of its own: a restored membership of the organization.
    returned = record(extraction, "membership/csto--azerbaijan--member--2005")
    assert returned.properties["startDate"] == DateValue("2005", "year")
    assert returned.properties["membershipStatus"] == "restored"
    assert [r.id for r in of_type(extraction, "Membership")] == [returned.id]


def test_suspension_in_quotes_by_his_country_with_the_date_of_the_statement(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال رئيس الوزراء الأرميني نيكول باشينيان لصحيفة «لوموند» الفرنسية يوم 3 مارس الماضي إن بلاده «علقت» "
        "عضويتها في منظمة معاهدة الأمن الجماعي، معتبرا أن الحلفاء خذلوها في عام 2021.",
    )
    suspended = record(extraction, "membership/csto--armenia--suspended--2022")
    assert suspended.properties["startDate"] == DateValue("2022-03-03", "day")
    assert [r.id for r in of_type(extraction, "Membership")] == [suspended.id]


def test_a_state_said_to_remain_a_member_and_one_said_not_to_be(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقالت الأمانة العامة لمنظمة معاهدة الأمن الجماعي إن قرغيزستان لا تزال عضوا كامل العضوية في المنظمة.",
        "وأضافت أن أذربيجان ليست عضوا في المنظمة، وأن صربيا عضو مراقب في الجمعية البرلمانية للمنظمة.",
    )
    assert [r.id for r in of_type(extraction, "Membership")] == ["membership/csto--kyrgyzstan--member"]


def test_a_member_in_apposition_and_a_membership_stopped(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وناشدت أرمينيا، العضو في منظمة معاهدة الأمن الجماعي، الحلفاء التدخل.",
        "وطاجيكستان عضو مؤسس في المنظمة، أما صربيا فعضو مراقب في المنظمة.",
        "وقال رئيس البرلمان القرغيزي، العضو في المنظمة منذ سنوات، إن التعاون مستمر.",
        "وكانت أوزبكستان قد أوقفت عضويتها في المنظمة عام 2012.",
    )
    assert sorted(r.id for r in of_type(extraction, "Membership")) == [
        "membership/csto--armenia--member",
        "membership/csto--tajikistan--member",
        "membership/csto--uzbekistan--suspended--2012",
    ]


def test_signing_the_treaty_named_before_and_not_renewing_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتعود منظمة معاهدة الأمن الجماعي إلى عام 1992.",
        "وقد وقعت على المعاهدة في طشقند عام 1992 ست دول هي أرمينيا وكازاخستان وقرغيزستان وروسيا وطاجيكستان وأوزبكستان.",
        "وفي عام 1999 رفضت أذربيجان وجورجيا تمديد المعاهدة، ولم توقع أوزبكستان على بروتوكول تمديد معاهدة الأمن الجماعي.",
        "ورفضت كازاخستان تمديد مهمة قوات المنظمة، ولم توقع أرمينيا على إعلان القمة.",
    )
    parties = {(r.properties["party"], r.properties["membershipStatus"]) for r in of_type(extraction, "TreatyParty")}
    founders = {"armenia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan"}
    assert {(f"state/{s}", "founding_signatory") for s in founders} <= parties
    assert {p for p in parties if p[1] == "withdrawn"} == {
        ("state/azerbaijan", "withdrawn"), ("state/georgia", "withdrawn"), ("state/uzbekistan", "withdrawn")
    }
    # Not renewing a mission or not signing a declaration leaves nothing.
    assert not [r for r in of_type(extraction, "Membership") if r.properties["membershipStatus"] == "withdrawn"]


def test_not_renewing_membership_in_the_treaty_is_leaving_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقعت ست جمهوريات معاهدة الأمن الجماعي في ربيع 1992.",
        "وبعد سبع سنوات، في 1999، رفضت جورجيا وأذربيجان تجديد عضويتهما في المعاهدة.",
        "ورفضت أوزبكستان تجديد مشاركتها في معاهدة الأمن الجماعي في العام نفسه، 1999.",
        "ورفضت بيلاروس تجديد عضويتها في نادي الشطرنج الدولي.",
        "وفي 1999 أيضا لم تجدد أرمينيا عضويتها في اتحاد الصحفيين.",
    )
    withdrawn = {
        (r.properties["party"], r.properties["endDate"].iso)
        for r in of_type(extraction, "TreatyParty")
        if r.properties["membershipStatus"] == "withdrawn"
    }
    assert withdrawn == {("state/georgia", "1999"), ("state/azerbaijan", "1999"), ("state/uzbekistan", "1999")}
    # The subjects after the whole cue.
    extraction = run(tmp_path, "ولم تجدد جورجيا وأذربيجان عضويتهما في معاهدة الأمن الجماعي عام 1999.")
    assert {r.properties["party"] for r in of_type(extraction, "TreatyParty")} == {"state/georgia", "state/azerbaijan"}


def test_leaders_before_a_plural_verb_sign_its_object_and_a_relative_s_object_is_chaired(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وكان قادة كل من روسيا وبيلاروس وأرمينيا قد وقعوا في 7 أكتوبر 2002 ميثاق منظمة معاهدة الأمن الجماعي في كيشيناو.",
        "وأكد المجلس، الذي تترأسه قرغيزستان هذا العام، أن العمل مستمر.",  # a council of nothing named: no chair
        "وقال رئيس الوزراء الأرميني نيكول باشينيان إن مجلس الأمن الجماعي، الذي تترأسه بلاده لعام 2022، قرر إرسال قوات.",
        "وفشل اجتماع الاتحاد الأوروبي، الذي تترأسه فرنسا، في التوصل إلى اتفاق.",
    )
    signing = of_type(extraction, "Signing")[0]
    assert signing.properties["signatory"] == ["state/russia", "state/belarus", "state/armenia"]
    assert signing.properties["location"] == "city/chisinau"
    assert [(r.properties["member"], r.properties["organization"]) for r in of_type(extraction, "Chairmanship")] == [
        ("state/armenia", "organization/csto")
    ]


def test_chairmanships_by_present_tense_transfer_and_presiding_verb(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وافتتح الرئيس القرغيزي صدير جاباروف، الذي تتولى بلاده حاليا الرئاسة الدورية لمنظمة معاهدة الأمن الجماعي، "
        "أعمال الاجتماع.",
        "وتقرر أن تنتقل الرئاسة الدورية للمنظمة إلى طاجيكستان اعتبارا من العام المقبل.",
        "وكانت ترأست موسكو المنظمة عام 2020 ثم تولتها أرمينيا عام 2021.",
    )
    kyrgyzstan = record(extraction, "chairmanship/csto--kyrgyzstan--2022")
    assert kyrgyzstan.properties["asOf"] == PUBLISHED and "startDate" not in kyrgyzstan.properties
    assert record(extraction, "chairmanship/csto--tajikistan--2023").properties["startDate"] == DateValue("2023", "year")
    assert record(extraction, "chairmanship/csto--russia--2020").properties["startDate"] == DateValue("2020", "year")
    assert record(extraction, "chairmanship/csto--armenia--2021").properties["startDate"] == DateValue("2021", "year")
    assert len(of_type(extraction, "Chairmanship")) == 4


def test_today_s_members_listed_after_the_signed_treaty_did_not_sign_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتعد منظمة معاهدة الأمن الجماعي حلفا تأسس على أساس معاهدة الأمن الجماعي الموقعة في عام 1992، وتضم المنظمة حاليا كلا من روسيا وبيلاروس وأرمينيا.",
    )
    assert [s.properties.get("signatory", []) for s in of_type(extraction, "Signing")] == [[]]
    assert of_type(extraction, "TreatyParty") == []
    members = {m.properties["member"] for m in of_type(extraction, "Membership")}
    assert members == {"state/russia", "state/belarus", "state/armenia"}
    # Co-signatories after the document still are: "…، إلى جانب روسيا وأرمينيا".
    signed = of_type(run(tmp_path, "ووقعت كازاخستان معاهدة الأمن الجماعي في طشقند عام 1992، إلى جانب روسيا وأرمينيا."), "Signing")
    assert sorted(signed[0].properties["signatory"]) == ["state/armenia", "state/kazakhstan", "state/russia"]


def test_a_past_signing_with_no_date_place_or_signatory_is_background_not_an_event(tmp_path: Path) -> None:
    for sentence in (
        "يذكر أنه تم توقيع معاهدة الأمن الجماعي.",
        "وبمناسبة الذكرى الثلاثين لتوقيع معاهدة الأمن الجماعي أقيم حفل في موسكو.",
    ):
        assert of_type(run(tmp_path, sentence), "Signing") == [], sentence
    signed = of_type(run(tmp_path, "ووقعت روسيا وأرمينيا معاهدة الأمن الجماعي."), "Signing")
    assert [s.properties["signatory"] for s in signed] == [["state/russia", "state/armenia"]]


def test_signatories_before_after_the_document_and_a_refused_signing(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتعد كازاخستان من مؤسسي التكتل، إذ وقعت على معاهدة الأمن الجماعي في طشقند يوم 15 مايو 1992، "
        "إلى جانب روسيا وأرمينيا.",
        "ورفضت أذربيجان التوقيع على ميثاق منظمة معاهدة الأمن الجماعي.",
    )
    signings = of_type(extraction, "Signing")
    assert [r.properties["signedDocument"] for r in signings] == ["treaty/collective-security-treaty"]
    assert set(signings[0].properties["signatory"]) == {"state/kazakhstan", "state/russia", "state/armenia"}
    assert signings[0].properties["startDate"] == DateValue("1992-05-15", "day")


def test_lookalikes_of_membership_and_chair_statements_are_no_facts(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وفي إطار منظمة معاهدة الأمن الجماعي، تتولى كازاخستان رئاسة الوفد المشترك إلى المحادثات.",
        "وانتخبت كازاخستان عضوا غير دائم في مجلس الأمن الدولي.",
        "ووقعت منظمة معاهدة الأمن الجماعي مذكرة تفاهم مع رابطة إقليمية جديدة تضم أوزبكستان وتركمانستان.",
        "ولا تنوي أوزبكستان العودة إلى منظمة معاهدة الأمن الجماعي، كما لم تتقدم بطلب للانضمام إليها.",
    )
    assert of_type(extraction, "Membership", "Chairmanship") == []


def test_member_list_in_parentheses_after_the_member_states(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وحضر الاجتماع ممثلو الدول الأعضاء في منظمة معاهدة الأمن الجماعي (أرمينيا، بيلاروسيا، كازاخستان، قرغيزستان).",
    )
    assert {r.properties["member"] for r in of_type(extraction, "Membership")} == {
        f"state/{s}" for s in ("armenia", "belarus", "kazakhstan", "kyrgyzstan")
    }


def members(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {
        (r.properties["member"].removeprefix("state/"), r.properties["organization"], r.properties["membershipStatus"])
        for r in of_type(extraction, "Membership")
    }


def test_a_list_after_the_organization_a_comma_clause_or_the_countries_of_it_with_a_dash(tmp_path: Path) -> None:
    csto = "organization/csto"
    # "تتكون" with the organization and "حاليا" between it and the states.
    extraction = run(tmp_path, "وتتكون منظمة معاهدة الأمن الجماعي حاليا من روسيا وأرمينيا وبيلاروس.")
    assert members(extraction) == {(s, csto, "member") for s in ("russia", "armenia", "belarus")}
    # A clause set off by commas between the cue and the list is stepped over; what it names is not
    # a member.
    extraction = run(
        tmp_path,
        "وتضم منظمة معاهدة الأمن الجماعي، بعد تعليق عضوية أوزبكستان فيها، كلا من كازاخستان وقرغيزستان وطاجيكستان.",
    )
    assert {m for m in members(extraction) if m[2] == "member"} == {
        (s, csto, "member") for s in ("kazakhstan", "kyrgyzstan", "tajikistan")
    }
    # Without a closing comma the subordinate clause ends the search.
    extraction = run(tmp_path, "وتضم منظمة معاهدة الأمن الجماعي بعد أن علقت أوزبكستان عضويتها كازاخستان وقرغيزستان.")
    assert {m for m in members(extraction) if m[2] == "member"} == set()
    # The countries of the organization, then the states set off by a dash.
    extraction = run(tmp_path, "وشارك في التمرين ممثلون عن بلدان منظمة معاهدة الأمن الجماعي - أرمينيا، بيلاروس، روسيا وطاجيكستان.")
    assert members(extraction) == {(s, csto, "member") for s in ("armenia", "belarus", "russia", "tajikistan")}
    assert_evidence_in_body(extraction)


def test_member_lists_by_participle_gathering_verb_bracket_plural_predicate_and_generic_subject(tmp_path: Path) -> None:
    csto = "organization/csto"
    four = {(s, csto, "member") for s in ("russia", "belarus", "armenia", "kazakhstan")}
    for sentence in (
        "وتعقد منظمة معاهدة الأمن الجماعي المؤلفة من روسيا وبيلاروسيا وأرمينيا وكازاخستان قمتها اليوم.",
        "وتجمع منظمة معاهدة الأمن الجماعي كلا من روسيا وبيلاروسيا وأرمينيا وكازاخستان.",
        "وعقدت منظمة معاهدة الأمن الجماعي (روسيا وبيلاروسيا وأرمينيا وكازاخستان) اجتماعها.",
        "وأعضاء منظمة معاهدة الأمن الجماعي هم روسيا وبيلاروسيا وأرمينيا وكازاخستان.",
        "وتنضوي تحت منظمة معاهدة الأمن الجماعي كل من روسيا وبيلاروسيا وأرمينيا وكازاخستان.",
        "أجرت منظمة معاهدة الأمن الجماعي مناورات. روسيا وبيلاروسيا وأرمينيا وكازاخستان أعضاء في المنظمة.",
        "أجرت منظمة معاهدة الأمن الجماعي مناورات. ويضم التحالف العسكري، الذي تقوده موسكو، روسيا وبيلاروسيا وأرمينيا وكازاخستان.",
    ):
        assert members(run(tmp_path, sentence)) == four, sentence
    # Lookalikes: members of a parliament, a summit gathering leaders.
    for sentence in (
        "أجرت منظمة معاهدة الأمن الجماعي مناورات. وطالب أعضاء البرلمان من روسيا وبيلاروسيا بعقد جلسة.",
        "أجرت منظمة معاهدة الأمن الجماعي مناورات. وتجمع القمة قادة روسيا وبيلاروسيا وأرمينيا.",
    ):
        assert members(run(tmp_path, sentence)) == set(), sentence


def test_one_state_per_line_after_a_line_about_the_organization_s_members(tmp_path: Path) -> None:
    csto = "organization/csto"
    extraction = run(
        tmp_path,
        "وتشترك في منظمة معاهدة الأمن الجماعي الدول التالية:\n- أرمينيا.\n- روسيا البيضاء.\n- كازاخستان.",
    )
    assert members(extraction) == {(s, csto, "member") for s in ("armenia", "belarus", "kazakhstan")}
    # Lines of states after a line that says nothing of members: no list.
    extraction = run(tmp_path, "وزار وفد منظمة معاهدة الأمن الجماعي خلال جولته:\n- أرمينيا.\n- كازاخستان.")
    assert members(extraction) == set()


def test_fronted_members_a_relative_clause_before_the_list_and_troops_from_states(tmp_path: Path) -> None:
    csto = "organization/csto"
    extraction = run(tmp_path, "وإلى جانب كازاخستان وروسيا، تضم منظمة معاهدة الأمن الجماعي كلا من أرمينيا وطاجيكستان.")
    assert members(extraction) == {(s, csto, "member") for s in ("kazakhstan", "russia", "armenia", "tajikistan")}
    # A relative clause with no comma before it, ended by the comma the list follows ("بلاروس").
    extraction = run(tmp_path, "وتضم منظمة الأمن الجماعي التي تأسست سنة 1992، روسيا وأرمينيا وبلاروس وكازاخستان.")
    assert members(extraction) == {(s, csto, "member") for s in ("russia", "armenia", "belarus", "kazakhstan")}
    # A battalion of soldiers from states: troops, not members.
    extraction = run(tmp_path, "وقاد الضابط كتيبة تابعة لمنظمة معاهدة الأمن الجماعي تضم 2030 جنديا من روسيا وبيلاروس وأرمينيا.")
    assert members(extraction) == set()


def test_states_taking_part_in_the_organization_itself_not_in_its_drills(tmp_path: Path) -> None:
    csto = "organization/csto"
    extraction = run(tmp_path, "وتشارك في منظمة معاهدة الأمن الجماعي التي تأسست في مايو عام 1992، أرمينيا وبيلاروسيا وروسيا.")
    assert members(extraction) == {(s, csto, "member") for s in ("armenia", "belarus", "russia")}
    extraction = run(tmp_path, "وتشارك في مناورات منظمة معاهدة الأمن الجماعي روسيا وبيلاروسيا وإيران.")
    assert members(extraction) == set()


def test_a_freeze_with_the_state_between_the_noun_and_what_it_freezes(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قالت الخارجية الروسية إن منظمة معاهدة الأمن الجماعي لا تزال مفتوحة، وإن تجميد يريفان لعضويتها في "
        "منظمة معاهدة الأمن الجماعي لا يخدم أمنها.",
    )
    assert ("armenia", "organization/csto", "suspended") in members(extraction)


# -- events: split requests, unrest that needs a place, refusals, talks by verbs --------------------


def test_a_request_split_by_a_city_and_a_date_and_a_request_worded_with_talab(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وكانت دوشنبه قد طلبت في أغسطس الماضي مساعدة منظمة معاهدة الأمن الجماعي لتعزيز حدودها مع أفغانستان.",
        "وفي مساء 3 يونيو، وجه رئيس قرغيزستان صدير جاباروف طلبا إلى المنظمة لمساعدة بلاده في ضبط الحدود.",
        "وتأخذ بيشكيك على حلفائها تجاهل طلب المساعدة الذي تقدمت به في مارس 2021.",
        "ووجه الرئيس الطاجيكي طلبا إلى المنظمة لعقد اجتماع طارئ.",
    )
    requests = {
        (r.properties["requester"], r.properties["startDate"].iso, r.properties["addressee"])
        for r in of_type(extraction, "AssistanceRequest")
    }
    assert requests == {
        ("state/tajikistan", "2021-08", "organization/csto"),
        ("person/sadyr-japarov", "2022-06-03", "organization/csto"),
        ("state/kyrgyzstan", "2021-03", "organization/csto"),
    }
    assert all("location" not in r.properties for r in of_type(extraction, "AssistanceRequest"))
    assert_evidence_in_body(extraction)


def test_an_appeal_names_its_asker_after_the_verb_and_whom_it_asks_after_the_asker(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        'وفي كلمة متلفزة مساء 5 يناير، ناشد رئيس كازاخستان قاسم جومارت توكاييف، تحالف "معاهدة الأمن الجماعي" إرسال قوات.',
        "وقال الرئيس الطاجيكي إمام علي رحمن إنه طلب المساعدة من قادة الدول الأعضاء في منظمة معاهدة الأمن الجماعي أمس.",
        "ولجأت يريفان إلى المنظمة في سبتمبر 2022.",
    )
    requests = requests_of(extraction)
    assert requests == {
        ("person/kassym-jomart-tokayev", "organization/csto"),  # تحالف "معاهدة الأمن الجماعي" is the organization
        ("person/emomali-rahmon", "organization/csto"),  # the speaker who says he asked
        ("state/armenia", "organization/csto"),
    }


def test_a_request_turned_to_the_organization_with_the_country_as_a_pronoun(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأوضح الرئيس الكازاخستاني أن توجه بلاده بطلب لمنظمة معاهدة الأمن الجماعي من أجل إرسال قوات كان قانونيا.",
    )
    requests = requests_of(extraction)
    assert requests == {("state/kazakhstan", "organization/csto")}
    assert of_type(extraction, "Deployment") == []  # what the request asked for


def test_talks_as_a_phone_call_a_meeting_of_someone_with_and_two_who_discussed(tmp_path: Path) -> None:
    def talks(*paragraphs: str) -> set[tuple[tuple[str, ...], str | None, str | None]]:
        return {
            (tuple(sorted(r.properties.get("participant", []))),
             r.properties["startDate"].iso if r.properties.get("startDate") else None, r.properties.get("location"))
            for r in of_type(run(tmp_path, *paragraphs), "BilateralTalks")
        }  # fmt: skip

    lavrov, masadykov = "person/sergey-lavrov", "person/taalatbek-masadykov"
    # The speaker's own meeting: he is a party though he is quoted.
    assert talks("وقال لافروف خلال لقائه مع طلعت بيك ماساديكوف، اليوم الجمعة، في موسكو إن المنظمة مهمة.") == {
        ((lavrov, masadykov), "2022-06-10", "city/moscow")
    }
    found = talks("وجرى اتصال هاتفي أمس بين وزير الخارجية الروسي سيرغي لافروف والأمين العام للمنظمة طلعت بيك ماساديكوف.")
    assert {p for parties, _, _ in found for p in parties} == {lavrov, masadykov}
    found = talks("وبحث وزير الخارجية الروسي سيرغي لافروف، والأمين العام للمنظمة طلعت بيك ماساديكوف، الوضع في آسيا الوسطى أمس.")
    assert {p for parties, _, _ in found for p in parties} == {lavrov, masadykov}
    # One who discusses a subject alone holds no talks.
    assert talks("وبحث وزير الخارجية الروسي سيرغي لافروف الوضع في آسيا الوسطى أمس.") == set()


def test_a_visit_to_a_bracketed_capital_and_a_verb_s_city_is_its_object_not_a_name(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "بدأ وزير الدفاع الروسي سيرغي شويغو اليوم زيارة إلى العاصمة البيلاروسية (مينسك) حيث يلتقي نظراءه.",
        "وكان الرئيس الطاجيكي إمام علي رحمن، الذي زار موسكو مؤخرا، قد بحث مع بوتين الوضع.",
    )
    places = {v.properties.get("location") for v in of_type(extraction, "Visit")}
    # "زار موسكو" is not "the" visit named before (a verb's city is its object): two visits.
    assert places == {"city/minsk", "city/moscow"}


def test_a_verb_of_visiting_takes_its_destination_without_a_preposition(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "زار وزير الدفاع البيلاروسي فيكتور خرينين العاصمة الطاجيكية دوشنبه يوم الثلاثاء.",
        "وسيزور وفد من أرمينيا موسكو يوم 20 يونيو.",
        "وقال وزير الخارجية الروسي سيرغي لافروف خلال زيارته لبيشكيك أمس إن التعاون يتطور.",
        "وزار شويغو يوم الأربعاء مقر القيادة في مينسك.",
    )
    assert sorted(dated_places(extraction, "Visit")) == [
        ("2022-06-07", "city/dushanbe"),
        ("2022-06-08", "city/minsk"),  # behind في, as before
        ("2022-06-09", "city/bishkek"),
        ("2022-06-20", "city/moscow"),  # Armenia is where the delegation comes from
    ]


def test_talks_on_the_sidelines_of_a_summit_share_the_day_written_after_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "والتقى الرئيس الروسي فلاديمير بوتين على هامش القمة الرئيس البيلاروسي ألكسندر لوكاشينكو في مينسك يوم الأربعاء.",
    )
    assert dated_places(extraction, "BilateralTalks") == [("2022-06-08", "city/minsk")]
    assert dated_places(extraction, "Summit") == [("2022-06-08", "city/minsk")]


def test_troops_sent_or_stationed_and_a_request_with_an_adverb(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وطلبت كازاخستان رسميا من منظمة معاهدة الأمن الجماعي المساعدة يوم 5 يونيو.",
        "وأرسلت روسيا نحو ثلاثة آلاف مظلي إلى كازاخستان يوم 6 يونيو.",
        "ونشرت بيلاروس قواتها في قرغيزستان يوم 7 يونيو.",
        "وأرسلت الوزارة رسالة إلى أستانا يوم 8 يونيو، ونشرت بيانا في موسكو.",
    )
    assert requests_of(extraction) == {("state/kazakhstan", "organization/csto")}
    assert sorted(dated_places(extraction, "Deployment")) == [("2022-06-06", "state/kazakhstan"), ("2022-06-07", "state/kyrgyzstan")]


def test_clashes_between_two_states_are_unrest_identified_by_them(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتخشى المنظمة تجدد الاشتباكات بين أرمينيا وأذربيجان.",
        "وكانت اشتباكات مسلحة بين قرغيزستان وطاجيكستان قد اندلعت يوم الأربعاء.",
        "وتحدث الوزير عن المواجهة بين روسيا والغرب، وعن المحادثات بين روسيا وأرمينيا.",
    )
    unrest = {tuple(r.properties.get("participant", [])): getattr(r.properties.get("startDate"), "iso", None) for r in of_type(extraction, "Unrest")}
    assert unrest == {("state/armenia", "state/azerbaijan"): None, ("state/kyrgyzstan", "state/tajikistan"): "2022-06-08"}


def test_clashes_on_a_border_between_or_with_states_and_an_aggression_against_one(tmp_path: Path) -> None:
    """Where they happened may stand between clashes and their states ("على الحدود بين …"); "مع X"
    names X and the state the sentence is from; an aggression happens where على points, not in
    the state that commits it; "الاعتداء على أي دولة عضو" names no state."""
    extraction = run(
        tmp_path,
        "واندلعت يوم الأربعاء اشتباكات عنيفة على الحدود بين قرغيزستان وطاجيكستان.",
        "وأعلنت وزارة الخارجية الأرمينية أمس وقوع اشتباكات مسلحة مع أذربيجان.",
        "ووصف الوزير ما جرى بأنه عدوان أذربيجاني على سيادة جمهورية أرمينيا.",
        "وذكر بأن الاعتداء على أي دولة عضو اعتداء على الحلفاء جميعا.",
    )
    unrest = {
        (tuple(r.properties.get("participant", [])), getattr(r.properties.get("startDate"), "iso", None), r.properties.get("location"))
        for r in of_type(extraction, "Unrest")
    }  # fmt: skip
    assert (("state/kyrgyzstan", "state/tajikistan"), "2022-06-08", None) in unrest
    assert (("state/armenia", "state/azerbaijan"), "2022-06-09", None) in unrest
    assert ((), None, "state/armenia") in unrest
    assert len(unrest) == 3


def test_a_meeting_of_the_organization_attended_by_a_head_of_state_is_a_summit(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "انطلقت أعمال اجتماع معاهدة الأمن الجماعي بالعاصمة الروسية موسكو يوم الاثنين بحضور الرئيس الروسي فلاديمير بوتين.",
        "وعقد مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي اجتماعا في يريفان يوم 1 يونيو بحضور الرئيس الأرميني.",
        "واجتمع ممثلو منظمة معاهدة الأمن الجماعي في مينسك يوم 2 يونيو بحضور وزير الدفاع البيلاروسي.",
    )
    assert dated_places(extraction, "Summit") == [("2022-06-06", "city/moscow")]  # the treaty for its organization
    assert dated_places(extraction, "MinisterialMeeting") == [("2022-06-01", "city/yerevan")]  # a body's meeting stays its kind
    assert not of_type(extraction, "Meeting") or all(r.properties.get("location") != "city/moscow" for r in of_type(extraction, "Meeting"))


def test_an_undated_summit_and_the_one_dated_meeting_of_its_organization_are_one_summit(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "انطلقت أعمال قمة منظمة معاهدة الأمن الجماعي في موسكو.",
        "وقال بوتين إن اجتماع منظمة معاهدة الأمن الجماعي اليوم يجري في ظروف صعبة.",
    )
    assert dated_places(extraction, "Summit") == [("2022-06-10", "city/moscow")]
    assert not of_type(extraction, "Meeting")


def test_skirmishes_on_a_border_and_drills_at_an_airport(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقعت اليوم مناوشات بين حرس الحدود على حدود قرغيزستان وطاجيكستان.",
    )
    assert [e.properties["startDate"].iso for e in of_type(extraction, "Unrest")] == ["2022-06-10"]
    # The airport is a place word before the bracketed city.
    extraction = run(tmp_path, "وشرعت قوات المنظمة أمس في إجراء تدريبات في مطار (ألماتي).")
    assert [(e.properties["startDate"].iso, e.properties.get("location")) for e in of_type(extraction, "MilitaryExercise")] == [
        ("2022-06-09", "city/almaty")
    ]


def test_the_situation_in_a_country_is_a_topic_and_his_role_is_no_session(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأعرب قادة منظمة معاهدة الأمن الجماعي خلال آخر لقاء لهم عن قلقهم إزاء تطورات الوضع في أفغانستان.",
        "ووجهت النيابة إلى المسؤول تهمة لدوره في تفريق مظاهرة في يريفان يوم 1 مارس 2008.",
    )
    assert all(e.properties.get("location") != "state/afghanistan" for e in of_type(extraction, "Summit", "Meeting"))
    assert of_type(extraction, "Meeting") == []  # "لدوره": for his role, not a session


def test_the_council_named_again_as_almajlis_convenes_a_summit(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأعدت الأمانة مشروع قرار لمجلس الأمن الجماعي، وتمت مناقشته في اجتماع المجلس في 23 نوفمبر الماضي.",
    )
    summits = [(e.properties["startDate"].iso, e.properties.get("organizer")) for e in of_type(extraction, "Summit")]
    assert summits == [("2021-11-23", "organization/csto-collective-security-council")]
    assert of_type(extraction, "Meeting") == []
    # "المجلس" is no mention of its own: it is read as the name before it.
    assert all(m.evidence[0].exact != "المجلس" for m in of_type(extraction, "Mention"))


def test_leaders_who_meet_hold_a_summit_whose_place_is_not_the_topic_s(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "التقى رؤساء سبع جمهوريات سوفييتية سابقة أمس في قرغيزستان في إطار منظمة معاهدة الأمن الجماعي.",
        "وسيجتمع قادة الدول الأعضاء في المنظمة قريبا لمناقشة الاضطرابات في كازاخستان.",
    )
    summits = sorted(
        (e.properties["startDate"].iso if e.properties.get("startDate") else "", e.properties.get("location"))
        for e in of_type(extraction, "Summit")
    )
    assert summits == [("", None), ("2022-06-09", "state/kyrgyzstan")]  # Kazakhstan is where the unrest is
    assert of_type(extraction, "BilateralTalks") == []
    # One person meeting another is no summit.
    extraction = run(tmp_path, "والتقى الرئيس الروسي فلاديمير بوتين رئيس الوزراء الأرميني نيكول باشينيان أمس في موسكو.")
    assert of_type(extraction, "Summit") == [] and len(of_type(extraction, "BilateralTalks")) == 1


def test_units_flown_to_a_country_are_deployed_there_but_equipment_is_no_troops(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ويشارك الطيران الروسي في نقل الوحدات العسكرية لبيلاروس وطاجيكستان وأرمينيا إلى كازاخستان.",
        "وبدأ نقل المعدات الطبية إلى أرمينيا أمس.",
    )
    assert [d.properties.get("location") for d in of_type(extraction, "Deployment")] == ["state/kazakhstan"]


def test_an_undated_meeting_is_where_a_participant_s_visit_of_the_sentence_before_went(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووصل وزير الخارجية الروسي سيرغي لافروف اليوم الثلاثاء إلى العاصمة الأرمينية يريفان في زيارة رسمية.",
        "وسيشارك لافروف في اجتماع مشترك لمجلس وزراء خارجية منظمة معاهدة الأمن الجماعي.",
        "وسيشارك وزير الدفاع البيلاروسي في اجتماع مجلس وزراء دفاع منظمة معاهدة الأمن الجماعي.",  # not the visitor
    )
    meetings = [(m.properties.get("organizer"), m.properties.get("location")) for m in of_type(extraction, "MinisterialMeeting")]
    assert ("organization/csto-council-of-foreign-ministers", "city/yerevan") in meetings
    assert ("organization/csto-council-of-defence-ministers", "city/yerevan") not in meetings


def test_forces_sent_go_where_a_withdrawal_or_a_request_in_the_sentence_says(tmp_path: Path) -> None:
    """A deployment named by a pronoun, or with no destination of its own, is placed by the
    withdrawal or the request beside it; alone, it says nothing of where."""
    extraction = run(
        tmp_path,
        "وبدأت وحدات المنظمة الانسحاب من قرغيزستان يوم الجمعة، بعد عشرة أيام من استدعائها لحماية المطار.",
        "وأعلن قادة الدول إرسال قوات إضافية بعد أن ناشدت طاجيكستان منظمة معاهدة الأمن الجماعي تقديم المساعدة.",
        "وقالت الوزارة إن الرسالة وصلت بعد إرسالها بيومين.",
    )
    deployments = sorted((d.properties.get("location"), d.properties.get("startDate")) for d in of_type(extraction, "Deployment"))
    assert deployments == [("state/kyrgyzstan", None), ("state/tajikistan", None)]  # Friday is when they left


def test_dated_forces_sent_with_no_destination_go_where_the_article_s_undated_sending_went(tmp_path: Path) -> None:
    """A lead that sends forces to a country undated, and a later sentence that dates the sending
    but names no destination (its troop word past the date): one deployment, dated and placed."""
    extraction = run(
        tmp_path,
        "أرسلت المنظمة أول فوج من قوات حفظ السلام إلى قرغيزستان لحماية المنشآت الحيوية.",
        "وقالت الأمانة العامة إن روسيا أرسلت يوم الثلاثاء 7 يونيو 2022 أول فوج من المظليين، على أن تلحقه وحدات أخرى.",
    )
    deployments = [(d.properties.get("location"), getattr(d.properties.get("startDate"), "iso", None)) for d in of_type(extraction, "Deployment")]
    assert deployments == [("state/kyrgyzstan", "2022-06-07")]


def test_an_event_named_again_with_its_place_places_the_event_its_lead_dated(tmp_path: Path) -> None:
    """The lead dates the summit and names no city; the summit named again later says where it
    sits: one summit, dated and placed."""
    extraction = run(
        tmp_path,
        "يلتقي الرئيس الروسي اليوم الخميس 9 يونيو 2022 على هامش قمة منظمة معاهدة الأمن الجماعي نظراءه من الدول الأعضاء.",
        "وأوضح المتحدث أن القمة التي تعقد اليوم في مينسك ستبحث الوضع على الحدود الطاجيكية الأفغانية.",
        date="9 يونيو 2022",
    )
    assert dated_places(extraction, "Summit") == [("2022-06-09", "city/minsk")]


def test_a_meeting_said_to_be_sitting_now_is_held_on_the_publication_day(tmp_path: Path) -> None:
    """"الاجتماع … المنعقد حاليا في دوشنبه": ongoing_event_cues date a meeting with none of its own
    by the publication day; the statement made at it takes that day too."""
    extraction = run(
        tmp_path,
        "وأكد لافروف خلال اجتماع مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي، المنعقد حاليا في دوشنبه، أن التعاون مستمر.",
        date="14 مارس 2023",
    )
    assert dated_places(extraction, "MinisterialMeeting") == [("2023-03-14", "city/dushanbe")]
    assert [s.properties["startDate"].iso for s in of_type(extraction, "Statement")] == ["2023-03-14"]


def test_a_compass_word_between_the_preposition_and_the_country_still_places_the_event(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وقال الوزير إن أعمال الشغب التي وقعت في جنوب قرغيزستان هذا العام كشفت الحاجة إلى آلية أفضل.")
    assert [(u.properties["location"], u.properties["startDate"].iso) for u in of_type(extraction, "Unrest")] == [("state/kyrgyzstan", "2022")]


def test_a_snap_readiness_check_is_an_exercise(tmp_path: Path) -> None:
    extraction = run(tmp_path, "ونقلت وحدات من قوات الرد السريع جوا إلى مطار دوشنبه في إطار اختبار مفاجئ لجاهزية القوات، الخميس.")
    assert dated_places(extraction, "MilitaryExercise") == [("2022-06-09", "city/dushanbe")]


def test_troops_leaving_a_place_named_as_the_verb_s_object_withdraw_from_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "جنود حفظ السلام من أرمينيا وطاجيكستان يغادرون ألماتي.",
        "وأكدت الوزارة أن جميع أفراد قوات حفظ السلام غادروا قرغيزستان بعد أداء مهامهم.",
        "وغادر الرئيس الروسي موسكو متوجها إلى مينسك.",  # no troops: a trip
    )
    places = sorted(w.properties["location"] for w in of_type(extraction, "ForcesWithdrawal"))
    assert places == ["city/almaty", "state/kyrgyzstan"]  # not the troops' own countries


def test_events_named_by_their_place_are_unrest_there(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وطلبت طشقند الانضمام مجددا في أعقاب اندلاع أحداث أنديجان والاضطرابات الشعبية هناك في مايو 2005.",
        "وتابع الوزير الأحداث في المنطقة باهتمام.",
    )
    assert [(e.properties["startDate"].iso, e.properties["location"]) for e in of_type(extraction, "Unrest")] == [
        ("2005-05", "city/andijan")
    ]


def test_riots_in_a_city_are_unrest_in_its_country_but_a_single_protest_keeps_its_city(tmp_path: Path) -> None:
    """`place_level: state` in the lexicon: riots, unrest and mass protests are the country's,
    wherever in it they broke out (through a region too); a protest held somewhere, or clashes in a
    town, stay where they were."""
    extraction = run(
        tmp_path,
        "وشهدت مدينة شيمكنت أعمال شغب واسعة بعد ارتفاع أسعار الخبز في مارس 2019.",
        "وتظاهر المئات في احتجاج وسط بيشكيك يوم 3 أبريل 2019.",
    )
    unrest = sorted((r.properties["startDate"].iso, r.properties["location"]) for r in of_type(extraction, "Unrest"))
    assert unrest == [("2019-03", "state/kazakhstan"), ("2019-04-03", "city/bishkek")]
    extraction = run(tmp_path, "واندلعت اضطرابات في مقاطعة جامبيل عام 2020 بعد مقتل عدد من السكان.")
    assert [r.properties["location"] for r in of_type(extraction, "Unrest")] == ["state/kazakhstan"]


def test_a_place_whose_relative_clause_hosts_the_unrest_and_forces_sent_to_calm_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأعلن التحالف إرسال جنود من المنظمة للمساعدة على تهدئة قيرغيزستان، التي شهدت مظاهرات عنيفة.",
    )
    assert [e.properties["location"] for e in of_type(extraction, "Unrest")] == ["state/kyrgyzstan"]
    assert [e.properties["location"] for e in of_type(extraction, "Deployment")] == ["state/kyrgyzstan"]
    # "إلى الدولة …", "في البلاد": the state named latest, in the sentence or the one before.
    extraction = run(
        tmp_path,
        "وتحدث الوزيران عن الأوضاع في طاجيكستان. وقد أرسلت المنظمة قوات إلى الدولة الجبلية لحماية حدودها.",
    )
    assert [e.properties["location"] for e in of_type(extraction, "Deployment")] == ["state/tajikistan"]
    # "في جميع أرجاء البلاد": the state named as a place before, not the one named as an actor.
    extraction = run(
        tmp_path,
        "وبدأ خروج الوحدات من طاجيكستان بعد أسبوع من وصولها بطلب من الحكومة التي تدعمها روسيا لمواجهة الاضطرابات في جميع أرجاء البلاد.",
    )
    assert [e.properties["location"] for e in of_type(extraction, "Unrest")] == ["state/tajikistan"]
    # "على أراضي البلاد": a noun of territory places the anaphor; a ministry names its state.
    extraction = run(
        tmp_path, "وذكرت وزارة الدفاع الطاجيكية أن تدريبات مشتركة للحلفاء ستقام فوق أراضي البلاد في مارس المقبل."
    )
    assert [e.properties["location"] for e in of_type(extraction, "MilitaryExercise")] == ["state/tajikistan"]
    # What unrest spread over, named or by a state anaphor.
    extraction = run(tmp_path, "وتحدث الوزير عن قرغيزستان. وأدت الاحتجاجات التي عمت البلاد إلى سقوط الحكومة.")
    assert [e.properties["location"] for e in of_type(extraction, "Unrest")] == ["state/kyrgyzstan"]
    # A relative clause whose verb hosts nothing places nothing.
    extraction = run(tmp_path, "وزار الوزير طاجيكستان، التي انتقدت الاحتجاجات الأخيرة.")
    assert of_type(extraction, "Unrest") == []


def test_a_request_an_organization_acted_on(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وقال الوزير إن منظمة معاهدة الأمن الجماعي قررت إرسال بعثة مراقبة بناء على طلب أرمينيا.")
    requests = requests_of(extraction)
    assert requests == {("state/armenia", "organization/csto")}
    # A title naming no one stands for its state; the member states' leaders for the organization.
    extraction = run(
        tmp_path,
        "وأرسلت منظمة معاهدة الأمن الجماعي قوات بعد مناشدة رئيس كازاخستان قادة الدول الأعضاء مساعدة بلاده.",
    )
    requests = requests_of(extraction)
    assert requests == {("state/kazakhstan", "organization/csto")}
    # Demanding the organization's help is asking for it; demanding an exit is not.
    extraction = run(tmp_path, "وطالبت قرغيزستان دول منظمة معاهدة الأمن الجماعي دعمها في حماية الحدود.")
    assert requests_of(extraction) == {("state/kyrgyzstan", "organization/csto")}
    extraction = run(tmp_path, "وطالب المتظاهرون بخروج أرمينيا من منظمة معاهدة الأمن الجماعي.")
    assert requests_of(extraction) == set()
    # What the charter provides for, at the request of no state named, is no request.
    extraction = run(
        tmp_path,
        "وأشار الوزير لافروف إلى أنه، وفقا لميثاق المنظمة وبناء على طلب الدولة المعنية، ستستخدم منظمة "
        "معاهدة الأمن الجماعي القوة.",
    )
    assert of_type(extraction, "AssistanceRequest") == []


def test_forces_that_begin_their_withdrawal_leave_the_country_after_min(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "بدأت قوات حفظ السلام التابعة للمنظمة، يوم الخميس 13 يناير، انسحابها من كازاخستان.",
        "وكانت الوحدات قد بدأت الانسحاب يوم 14 يناير، عقب مراسم أقيمت في مدينة ألماتي.",
    )
    withdrawals = of_type(extraction, "ForcesWithdrawal")
    # The troops are the verb's subject, before the trigger; Almaty is where a ceremony was, not the
    # country left, so the second withdrawal names no place and is not kept.
    assert [(w.properties["startDate"].iso, w.properties["location"]) for w in withdrawals] == [("2022-01-13", "state/kazakhstan")]


def test_forces_withdrawn_leaving_or_returning_from_a_country(tmp_path: Path) -> None:
    for sentence in (
        "وسحبت المنظمة قواتها من طاجيكستان في 19 يناير.",
        "وعادت القوات الروسية من طاجيكستان إلى روسيا في 19 يناير.",
        "وبدأت الوحدات مغادرة طاجيكستان في 19 يناير.",
    ):
        assert dated_places(run(tmp_path, sentence), "ForcesWithdrawal") == [("2022-01-19", "state/tajikistan")], sentence
    # A state returning to the organization withdraws no forces.
    assert of_type(run(tmp_path, "وعادت أوزبكستان إلى منظمة معاهدة الأمن الجماعي عام 2006."), "ForcesWithdrawal") == []


def test_clashes_are_unrest_only_where_a_place_is_said_and_a_protest_takes_the_date_it_coincides_with(
    tmp_path: Path,
) -> None:
    extraction = run(
        tmp_path,
        "ويحمل المعارضون الحكومة مسؤولية المواجهات الدامية التي شهدتها مدينة أوش في مايو 2010.",
        "وأدانت منظمات حقوقية أحداث أنديجان الدامية عام 2005.",
        "واندلعت مواجهات دامية على الحدود بين قرغيزستان وطاجيكستان في سبتمبر 2022.",
        "وعقد مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي اجتماعا في مينسك يوم 8 يونيو، وتزامن الاجتماع مع "
        "احتجاج نظمه العشرات وسط مينسك.",
    )
    unrest = sorted(
        (r.properties.get("startDate").iso, r.properties.get("location")) for r in of_type(extraction, "Unrest")
    )
    # Border clashes are unrest (tests/gold/README.md), placed nowhere: "بين قرغيزستان وطاجيكستان" is no place.
    assert unrest == [("2005", "city/andijan"), ("2010-05", "city/osh"), ("2022-06-08", "city/minsk"), ("2022-09", None)]


def test_a_call_for_help_is_a_request_and_a_statement_a_call_for_anything_else_only_a_statement(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "دعا رئيس طاجيكستان، إمام علي رحمون، اليوم الأربعاء الدول الأعضاء في منظمة معاهدة الأمن الجماعي إلى التدخل لوقف القتال.",
    )
    assert requests_of(extraction) == {("person/emomali-rahmon", "organization/csto")}
    assert [s.properties["speaker"] for s in of_type(extraction, "Statement")] == ["person/emomali-rahmon"]
    extraction = run(tmp_path, "ودعا وزير الخارجية الروسي سيرغي لافروف منظمة معاهدة الأمن الجماعي إلى الحوار.")
    assert requests_of(extraction) == set() and len(of_type(extraction, "Statement")) == 1


def test_a_spokesperson_s_title_after_the_name_and_a_negation_after_a_bare_title(tmp_path: Path) -> None:
    """"X، السكرتير الصحفي للرئيس الروسي،": the spokesperson's title after the name is the
    Kremlin's, as before the name; "الرئيس لا يعتزم" names no one."""
    for sentence in (
        "وقال دميتري بيسكوف، السكرتير الصحفي للرئيس الروسي، إن موسكو تنتظر القمة.",
        "وأبدى دميتري بيسكوف السكرتير الصحفي للرئيس الروسي أسفه لغياب الوفد الأرميني.",
    ):
        extraction = run(tmp_path, sentence)
        posts = [(r.properties["holder"], r.properties["post"]) for r in of_type(extraction, "Incumbency")]
        assert posts == [("person/dmitry-peskov", "post/spokesperson-of-kremlin")], sentence
    extraction = run(tmp_path, "وأوضح المتحدث الصحفي باسم الكرملين أن الرئيس لا يعتزم لقاء الوفود بشكل منفصل.")
    assert of_type(extraction, "Person", "Incumbency") == []


def test_a_spokesperson_of_a_head_named_by_name_is_not_the_head(tmp_path: Path) -> None:
    """"المتحدثة باسم الرئيس <a known head of that state>": the name after the head's title is the
    head's own; the spokesperson is named before the title, or after it set off by a comma."""

    def posts(sentence: str) -> set[tuple[str, str]]:
        extraction = run(tmp_path, sentence)
        return posts_of(extraction)

    head = ("person/vladimir-putin", "post/president-of-russia")
    voice = ("person/dmitry-peskov", "post/spokesperson-of-kremlin")
    assert posts("ونفى المتحدث باسم الرئيس فلاديمير بوتين، دميتري بيسكوف، هذه الأنباء.") == {head, voice}
    assert posts("وقال دميتري بيسكوف، المتحدث الصحفي باسم الرئيس فلاديمير بوتين، إن القمة في موعدها.") == {head, voice}
    found = posts("وصرحت يلينا كوفاليوفا المتحدثة باسم الرئيس فلاديمير بوتين بأن الزيارة ألغيت.")
    assert head in found and ("person/ylyna-kwfalywfa", "post/spokesperson-of-kremlin") in found
    # Not a known head: the name after the title is the spokesperson's, as before.
    assert posts("وقال المتحدث باسم الرئيس الروسي دميتري بيسكوف إن القمة في موعدها.") == {voice}


def test_a_known_person_named_with_a_patronymic(tmp_path: Path) -> None:
    """ "سيرغي كوجوغيتوفيتش شويغو": the reference names leave the patronymic out; the person is
    the known one, whether the surname is found alone or not."""
    extraction = run(
        tmp_path,
        "وحضر اللقاء وزير الخارجية الروسي سيرغي فيكتوروفيتش لافروف، والأمين العام لمنظمة معاهدة الأمن الجماعي"
        " ستانيسلاف فاسيليفيتش زاس.",
    )
    posts = posts_of(extraction)
    assert posts == {
        ("person/sergey-lavrov", "post/foreign-minister-of-russia"),
        ("person/stanislav-zas", "post/secretary-general-of-csto"),
    }
    assert of_type(extraction, "Person") == []


def test_the_counterpart_of_a_head_of_state_named_without_a_title_is_a_president(tmp_path: Path) -> None:
    """ "التقى بوتين نظيره الأرميني، أرمين سركيسيان،": Putin is a known head of state (heads_of_state),
    so his counterpart named with a nisba is that state's president, set off by commas or not."""
    for sentence in (
        "والتقى بوتين نظيره القرغيزي، صدير جاباروف، في موسكو.",
        "وأجرى بوتين محادثات مع نظيره القرغيزي صدير جاباروف في موسكو.",
    ):
        extraction = run(tmp_path, sentence)
        posts = posts_of(extraction)
        assert posts == {("person/sadyr-japarov", "post/president-of-kyrgyzstan")}, sentence
    # Not a head of state: no role to lend.
    extraction = run(tmp_path, "والتقى شويغو نظيره القرغيزي، باكتيبك بيكبولوتوف، في موسكو.")
    assert of_type(extraction, "Incumbency") == []


def test_its_secretary_general_is_the_organization_s(tmp_path: Path) -> None:
    extraction = run(tmp_path, "ومثل منظمة معاهدة الأمن الجماعي في المراسم أمينها العام الجنرال نيكولاي بورديوجا.")
    posts = posts_of(extraction)
    assert posts == {("person/nikolai-bordyuzha", "post/secretary-general-of-csto")}


def test_a_bracket_restating_the_holder_between_a_title_and_its_name(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وأوضح الأمين العام لمنظمة معاهدة الأمن الجماعي (CSTO) إيمانغالي تاسماغامبيتوف أن العمل مستمر.")
    posts = posts_of(extraction)
    assert posts == {("person/imangali-tasmagambetov", "post/secretary-general-of-csto")}
    # A bracket that says something else closes the title.
    extraction = run(tmp_path, "وأوضح رئيس وزراء أرمينيا (في مقابلة) نيكول باشينيان أن العمل مستمر.")
    assert of_type(extraction, "Incumbency") == []


def test_a_title_added_to_a_list_by_a_conjunction_and_words_that_open_no_name(tmp_path: Path) -> None:
    # "بوتين، ورئيس طاجيكستان، …": و adds another title to the list; it describes no one before it.
    extraction = run(tmp_path, "وحضر الاجتماع الرئيس الروسي فلاديمير بوتين، ورئيس طاجيكستان، والأمين العام للمنظمة.")
    posts = posts_of(extraction)
    assert posts == {("person/vladimir-putin", "post/president-of-russia")}
    # A pronoun after a title, or a headline's verb, starts no name.
    extraction = run(tmp_path, "وأضاف الوزير أن جولة الأمين العام للحلف في المنطقة هي خطوة مهمة.")
    assert of_type(extraction, "Person", "Incumbency") == []
    for headline in ("رئيس جمهورية أرمينيا يشيد بجهود المنظمة", "وزير الدفاع الطاجيكي يبحث قضايا الحدود مع الأمين العام"):
        extraction = run(tmp_path, headline)
        assert of_type(extraction, "Person", "Incumbency") == [], headline


def test_what_is_announced_after_an_is_not_when_it_was_announced(tmp_path: Path) -> None:
    """ "أعلن … عن مقترح لعقد منتدى عام 2026": the year is the proposal's; the session at which it
    was announced is neither dated nor planned by it."""
    extraction = run(
        tmp_path,
        "أعلن الرئيس الروسي فلاديمير بوتين، خلال اجتماع موسع لمجلس الأمن الجماعي التابع لمنظمة معاهدة"
        " الأمن الجماعي، عن مقترح لاستضافة منتدى للخبراء في عام 2026.",
    )
    sessions = [(r.properties.get("startDate"), r.properties["eventStatus"]) for r in of_type(extraction, "Summit")]
    assert sessions == [(None, "held")]
    assert [s.properties.get("startDate") for s in of_type(extraction, "Statement")] == [None]
    # What one is invited to do (after إلى) is not when one was invited.
    extraction = run(tmp_path, "ودعت روسيا الأمين العام للمنظمة إلى التحدث في جلسة لمجلس الأمن الدولي الشهر المقبل.")
    assert [s.properties.get("startDate") for s in of_type(extraction, "Statement")] == [None]


def test_titles_real_outlets_stack_post_and_qualify(tmp_path: Path) -> None:
    """A first deputy is a deputy; an envoy names where they serve between state and name; two
    titles set off by a comma before one name are both that person's (the organization's head is
    its chair); a dash may stand before a rank."""

    def posts(sentence: str) -> set[tuple[str, str]]:
        extraction = run(tmp_path, "عقدت منظمة معاهدة الأمن الجماعي اجتماعا في موسكو.", sentence)
        return posts_of(extraction)

    assert posts("وقال النائب الأول لوزير الدفاع الروسي فاليري غيراسيموف إن التدريبات ناجحة.") == {
        ("person/valery-gerasimov", "post/deputy-defence-minister-of-russia")
    }
    assert posts("وقال المندوب الدائم لروسيا لدى الأمم المتحدة فاسيلي نيبينزيا إن الوضع خطير.") == {
        ("person/vasily-nebenzya", "post/permanent-representative-of-russia")
    }
    # The adjective after the state in construct with the title's noun.
    assert posts("وأوضح مندوب أرمينيا الدائم لدى المنظمة فاهان غريغوريان أن بلاده لن تحضر.") == {
        ("person/fahan-ghryghwryan", "post/permanent-representative-of-armenia")
    }
    # After the state's demonym the noun and the adjective carry the article.
    assert posts("وأكدت المندوبة الكازاخستانية الدائمة لدى المنظمة عايدة بيكوفا أن بلادها مستعدة.") == {
        ("person/aaydh-bykwfa", "post/permanent-representative-of-kazakhstan")
    }
    assert posts("وقال ممثل أرمينيا في الاجتماع إن الوضع صعب.") == set()
    # An adjective after the holder, then the name set off; a possessive on the title's first word.
    assert posts("وطالب رئيس وزراء قرغيزستان الجديد، أديلبيك قاسمالييف، بتعزيز الحدود.") == {
        ("person/adylbyk-qasmalyyf", "post/prime-minister-of-kyrgyzstan")
    }
    assert posts("وأرسلت بيلاروس وزيرها للدفاع آنذاك فيكتور خرينين إلى الاجتماع.") == {
        ("person/viktor-khrenin", "post/defence-minister-of-belarus")
    }
    # A portfolio between the holder and the name: a word, or a name.
    assert posts("وقال مساعد الرئيس الروسي لشؤون السياسة يوري أوشاكوف إن القمة ناجحة.") == {
        ("person/yuri-ushakov", "post/presidential-aide-of-russia")
    }
    assert posts("وقال نائب وزير الخارجية الروسي لشؤون رابطة الدول المستقلة ميخائيل غالوزين إن الوضع هادئ.") == {
        ("person/mikhail-galuzin", "post/deputy-foreign-minister-of-russia")
    }
    # A title in the capacity of which the person named before acts.
    assert posts("وقال الرئيس الطاجيكي إمام علي رحمن، بصفته رئيسا لمجلس الأمن الجماعي، إن الاجتماع مهم.") == {
        ("person/emomali-rahmon", "post/president-of-tajikistan"),
        ("person/emomali-rahmon", "post/chairperson-of-csto-collective-security-council"),
    }
    # A known speaker's title right after the name, with no comma; a body named by its purpose.
    assert posts("وقال شويغو وزير الدفاع الروسي إن التدريبات ناجحة.") == {("person/sergei-shoigu", "post/defence-minister-of-russia")}
    assert posts("وقال قائد القوات الجماعية لحفظ السلام أندريه سيرديوكوف إن المهمة انتهت.") == {
        ("person/andrei-serdyukov", "post/commander-of-csto-collective-peacekeeping-forces")
    }
    # The holder's own name quoted after it.
    assert posts('وقال الناطق باسم الرئاسة الروسية "الكرملين" دميتري بيسكوف إن الزيارة مفيدة.') == {
        ("person/dmitry-peskov", "post/spokesperson-of-kremlin")
    }
    # A known head of state titled "الرئيس" alone is his state's president (lexicon heads_of_state).
    assert posts("وأشاد الرئيس شوكت ميرضيائيف بالاتفاق.") == {("person/shavkat-mirziyoyev", "post/president-of-uzbekistan")}
    # A deputy whose post the reference data does not know holds no post, not the principal's.
    assert posts("وصرح مستشار وزير الدفاع الكازاخستاني ماكسات نورلانوف بأن التدريبات ستجرى.") == set()
    assert posts("وصرح نائب أمين مجلس الأمن الروسي ماكسيم كاراسيف بأن الوضع هادئ.") == {
        ("person/maksym-karasyf", "post/deputy-security-council-secretary-of-russia")
    }
    assert posts("وقال سفير بيلاروس لدى روسيا دميتري كروتوي إن العلاقات متينة.") == {
        ("person/dmytry-krwtwy", "post/ambassador-of-belarus")
    }
    assert posts("وألقى كلمة رئيس جمهورية قرغيزستان، رئيس منظمة معاهدة الأمن الجماعي، صدير جاباروف.") == {
        ("person/sadyr-japarov", "post/president-of-kyrgyzstan"), ("person/sadyr-japarov", "post/chairperson-of-csto")
    }
    # A new name after أن, a committee's title after it between commas.
    assert posts("وأفادت وكالة تاس أن أندريه كارتابولوف، رئيس لجنة الدفاع في مجلس الدوما الروسي، أكد أن التعاون مستمر.") == {
        ("person/andryh-kartabwlwf", "post/parliamentary-committee-chair-of-state-duma")
    }
    assert posts("وقال رئيس الأركان المشتركة للمنظمة - الفريق أول أناتولي سيدوروف إن القوات جاهزة.") == {
        ("person/anatoly-sidorov", "post/chief-of-general-staff-of-csto-joint-staff")
    }
    extraction = run(tmp_path, "وانتقدت الخارجية الروسية المبادرة. وأعلنت أمانة سر المنظمة أنها تتابع الوضع.")
    assert {r.properties["speaker"] for r in of_type(extraction, "Statement")} == {
        "organization/russia-ministry-of-foreign-affairs", "organization/csto-secretariat"
    }


def test_a_withdrawal_by_a_listed_subject_and_a_member_fronted_without_a_comma(tmp_path: Path) -> None:
    """"انسحبت كل من أذربيجان، وجورجيا، وأوزبكستان من المنظمة": the list (its opener, its commas)
    splits the cue; "وإلى جانب روسيا تشمل المنظمة في عضويتها …" fronts a member with no comma."""
    extraction = run(
        tmp_path,
        "وإلى جانب روسيا تشمل منظمة معاهدة الأمن الجماعي في عضويتها أرمينيا، وبيلاروسيا، وكازاخستان، وقد انسحبت"
        " كل من أذربيجان، وجورجيا، وأوزبكستان من المنظمة.",
    )
    status = {r.properties["member"]: r.properties["membershipStatus"] for r in of_type(extraction, "Membership")}
    assert status == {
        "state/russia": "member", "state/armenia": "member", "state/belarus": "member", "state/kazakhstan": "member",
        "state/azerbaijan": "withdrawn", "state/georgia": "withdrawn", "state/uzbekistan": "withdrawn",
    }


def test_histories_that_read_as_other_facts(tmp_path: Path) -> None:
    """Joining "it" after an agreement is joining the agreement, not the organization; a treaty
    "signed in 1992" in the description of an organization whose members follow makes no
    founders; a date before a comma is not the date of the next clause's accession."""

    def facts(sentence: str) -> set[tuple[str, str, str | None]]:
        extraction = run(tmp_path, sentence)
        return {
            (r.type, r.properties.get("member") or r.properties.get("party"), r.properties.get("membershipStatus"))
            for r in of_type(extraction, "Membership", "TreatyParty")
        }

    assert facts(
        "ووقع قادة منظمة معاهدة الأمن الجماعي على اتفاقية تأسيس قوات الرد السريع الجماعية، وأحجمت بيلاروسيا"
        " عن توقيعها ثم انضمت إليها لاحقا."
    ) == set()
    assert facts(
        "وتضم المنظمة التي قامت على أساس معاهدة الأمن الجماعي الموقعة في 15 أيار 1992 كلا من أرمينيا وبيلاروسيا."
    ) == set()
    extraction = run(tmp_path, "تأسست منظمة معاهدة الأمن الجماعي عام 2002، وانضمت إليها أوزبكستان عام 2006.")
    assert [r.properties["startDate"].iso for r in of_type(extraction, "Membership")] == ["2006"]


def test_states_a_dated_extension_protocol_leaves_out_left_the_treaty(tmp_path: Path) -> None:
    """Not signing the extension protocol is not renewing the treaty: the states "باستثناء" a
    dated signing of it left the treaty then; the same exception without a date says nothing."""
    extraction = run(
        tmp_path,
        "وفي أبريل 1999 وقعت ست دول على بروتوكول تمديد معاهدة الأمن الجماعي، باستثناء أذربيجان وجورجيا وأوزبكستان.",
    )
    left = {
        (r.properties["party"], r.properties["endDate"].iso)
        for r in of_type(extraction, "TreatyParty") if r.properties["membershipStatus"] == "withdrawn"
    }  # fmt: skip
    assert left == {("state/azerbaijan", "1999-04"), ("state/georgia", "1999-04"), ("state/uzbekistan", "1999-04")}
    extraction = run(tmp_path, "ووقعت الدول على بروتوكول تمديد معاهدة الأمن الجماعي باستثناء أذربيجان.")
    assert of_type(extraction, "TreatyParty", "Membership") == []


def test_founders_listed_in_the_past_are_members_since_the_founding(tmp_path: Path) -> None:
    """ "في 14 مايو 2002 تم إنشاء المنظمة التي ضمت …": its founders, members since that day (in the
    founding year, not parties of the treaty before it); a present list says who belongs now."""
    extraction = run(
        tmp_path,
        "وفي 14 مايو 2002، تم إنشاء منظمة معاهدة الأمن الجماعي، التي ضمت روسيا وأرمينيا وبيلاروسيا وكازاخستان"
        " وقرغيزستان وطاجيكستان.",
    )
    members = {(r.properties["member"], getattr(r.properties.get("startDate"), "iso", None)) for r in of_type(extraction, "Membership")}
    assert ("state/belarus", "2002-05-14") in members and len(members) == 6
    assert of_type(extraction, "TreatyParty") == []
    extraction = run(tmp_path, "تأسست منظمة معاهدة الأمن الجماعي عام 2002، وتضم روسيا وأرمينيا وبيلاروسيا.")
    assert {getattr(r.properties.get("startDate"), "iso", None) for r in of_type(extraction, "Membership")} == {None}


def test_founders_named_by_whom_it_was_founded_signed_its_founding_treaty(tmp_path: Path) -> None:
    """ "أنشئ التحالف في … على يد قادة …": who founded the organization, in the year its founding
    treaty was first signed, signed that treaty, then and in the city named after في."""
    extraction = run(
        tmp_path,
        "أنشئت منظمة معاهدة الأمن الجماعي يوم 15 مايو 1992 في العاصمة طشقند على يد زعماء طاجيكستان وروسيا وأوزبكستان.",
    )
    parties = {(r.properties["party"], r.properties["membershipStatus"], r.properties["startDate"].iso) for r in of_type(extraction, "TreatyParty")}
    assert parties == {(f"state/{s}", "founding_signatory", "1992-05-15") for s in ("tajikistan", "russia", "uzbekistan")}
    [signing] = of_type(extraction, "Signing")
    assert (signing.properties["startDate"].iso, signing.properties.get("location")) == ("1992-05-15", "city/tashkent")
    assert sorted(signing.properties["signatory"]) == ["state/russia", "state/tajikistan", "state/uzbekistan"]
    # Members listed elsewhere stay members as of publication, founders or not.
    extraction = run(
        tmp_path,
        "ومن بين أعضاء منظمة معاهدة الأمن الجماعي في أيامنا روسيا وطاجيكستان وبيلاروسيا.",
        "وقد أنشئت المنظمة يوم 15 مايو 1992 على يد زعماء طاجيكستان وروسيا وأوزبكستان.",
    )
    members = {(r.properties["member"], r.properties.get("startDate")) for r in of_type(extraction, "Membership")}
    assert members == {("state/russia", None), ("state/tajikistan", None), ("state/belarus", None)}
    # Founders in the organization's own founding year are its first members, and signed nothing.
    extraction = run(tmp_path, "وقد أسست منظمة معاهدة الأمن الجماعي سنة 2002 من قبل روسيا وبيلاروسيا وأرمينيا.")
    members = {(r.properties["member"], r.properties["startDate"].iso) for r in of_type(extraction, "Membership")}
    assert members == {("state/russia", "2002"), ("state/belarus", "2002"), ("state/armenia", "2002")}
    assert of_type(extraction, "Signing") == []
    # A state "by" which something else was done founded nothing.
    extraction = run(tmp_path, "وانتُقد تأسيس القاعدة من قبل روسيا وبيلاروسيا.")
    assert of_type(extraction, "Membership", "TreatyParty", "Signing") == []


def test_a_list_after_a_short_relative_clause_about_the_organization(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وللعلم فإن منظمة معاهدة الأمن الجماعي التي نشأت سنة 2002 تضم اليوم خمس دول هي روسيا وأرمينيا وبيلاروس وقرغيزستان وطاجيكستان.")
    assert {r.properties["member"] for r in of_type(extraction, "Membership")} == {
        f"state/{s}" for s in ("russia", "armenia", "belarus", "kyrgyzstan", "tajikistan")
    }


def test_a_list_with_an_adverb_of_now_under_a_sentence_about_the_organization(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "منظمة معاهدة الأمن الجماعي حلف دفاعي. ويضم الآن خمسة بلدان، هي: روسيا، وبيلاروسيا، وكازاخستان، وقرغيزستان، وطاجيكستان.",
    )
    assert {r.properties["member"] for r in of_type(extraction, "Membership")} == {
        f"state/{s}" for s in ("russia", "belarus", "kazakhstan", "kyrgyzstan", "tajikistan")
    }


def test_statements_real_outlets_make_with_other_verbs_and_speakers(tmp_path: Path) -> None:
    """Ruling out and praising are statements; the speaker may follow what was said ("…، صرح بذلك
    X"); a country's authorities speak for it; a press conference names no one."""

    def said(sentence: str) -> list[tuple[str, str | None]]:
        extraction = run(tmp_path, "عقدت منظمة معاهدة الأمن الجماعي اجتماعا في موسكو.", sentence)
        return [(r.properties["speaker"], getattr(r.properties.get("startDate"), "iso", None)) for r in of_type(extraction, "Statement")]

    assert said("واستبعد دميتري بيسكوف اليوم أن تغادر أرمينيا المنظمة.") == [("person/dmitry-peskov", "2022-06-10")]
    assert said("وأشاد قاسم جومارت توكاييف أمس بدور قوات المنظمة.") == [("person/kassym-jomart-tokayev", "2022-06-09")]
    assert said("لا نية لتوسيع المنظمة الآن، صرح بذلك الأمين العام للمنظمة ستانيسلاف زاس اليوم.") == [
        ("person/stanislav-zas", "2022-06-10")
    ]
    assert said("وأعلنت السلطات الطاجيكية اليوم أنها عززت الحدود.") == [("state/tajikistan", "2022-06-10")]
    extraction = run(tmp_path, "وقال الرئيس في مؤتمر صحفي إن المنظمة قوية.")
    assert of_type(extraction, "Person") == []


def test_a_speaker_who_takes_the_turn_speaks_on_the_occasion_before(tmp_path: Path) -> None:
    """ "من جانبه، قال …" continues the exchange of the statement before: same day and place. A
    speaker who does not take the turn keeps no date of another's."""
    extraction = run(
        tmp_path,
        "قال الرئيس الروسي فلاديمير بوتين في موسكو يوم 16 مايو 2022 إن المنظمة تواجه تحديات جديدة.",
        "من جانبه، قال رئيس بيلاروسيا ألكسندر لوكاشينكو إن على الحلفاء التنسيق أكثر.",
        "وقال رئيس الوزراء الأرميني نيكول باشينيان إن بلاده تنتظر ردا من المنظمة.",
        "من جهته، قال وزير الخارجية الروسي سيرغي لافروف، في وقت سابق، إن الاجتماع سيكون مثمرا.",
    )
    said = {
        s.properties["speaker"]: (getattr(s.properties.get("startDate"), "iso", None), s.properties.get("location"))
        for s in of_type(extraction, "Statement")
    }  # fmt: skip
    assert said["person/vladimir-putin"] == ("2022-05-16", "city/moscow")
    assert said["person/alexander-lukashenko"] == ("2022-05-16", "city/moscow")
    assert said["person/nikol-pashinyan"][0] is None
    assert said["person/sergey-lavrov"][0] is None  # a turn taken "earlier" is another occasion


def test_a_refusal_of_another_act_leaves_the_event_it_names_be(tmp_path: Path) -> None:
    """What is refused is the act right after the refusal: the crisis one keeps out of, the drills
    one stays away from, still happen; forces one refrains from sending are not sent."""
    extraction = run(
        tmp_path,
        "وقال الأمين العام إنه يجب على المنظمة عدم التدخل في الأزمة الأوكرانية.",
        "ورفضت أرمينيا المشاركة في مناورات المنظمة في بيلاروس.",
        "وامتنعت روسيا عن إرسال قوات إلى أرمينيا.",
    )
    assert [u.properties["location"] for u in of_type(extraction, "Unrest")] == ["state/ukraine"]
    assert [m.properties["location"] for m in of_type(extraction, "MilitaryExercise")] == ["state/belarus"]
    assert of_type(extraction, "Deployment") == []


def test_a_refused_deployment_is_none_and_forces_sent_to_her_go_to_the_state_named_last(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وامتنعت المنظمة عن إرسال قوات إلى طاجيكستان في سبتمبر 2021.",
        "وطلبت قرغيزستان مساعدة المنظمة لمواجهة اضطرابات واسعة شهدتها بلادها في أكتوبر 2020، فأرسلت إليها قوات.",
    )
    deployments = [(r.properties.get("startDate").iso, r.properties.get("location")) for r in of_type(extraction, "Deployment")]
    assert deployments == [("2020-10", "state/kyrgyzstan")]
    unrest = of_type(extraction, "Unrest")
    assert [r.properties.get("location") for r in unrest] == ["state/kyrgyzstan"]


def test_troops_moving_to_a_country_and_their_mission_there_are_deployments_not_visits(tmp_path: Path) -> None:
    """A verb of moving or arriving with troops as its subject, and forces' mission in a country,
    are deployments there; a minister arriving is still a visit; a mission named with no country
    after it places none (the ceremony's city earlier in the sentence is not its place)."""

    def deployments(text: str) -> set[tuple[str | None, str | None]]:
        extraction = run(tmp_path, text)
        assert of_type(extraction, "Visit") == []
        return set(dated_places(extraction, "Deployment"))

    assert deployments("وتوجهت وحدات من قوات الرد السريع إلى طاجيكستان في 3 مارس 2021.") == {("2021-03-03", "state/tajikistan")}
    assert deployments("ووصلت طلائع القوات البيلاروسية إلى مينسك صباح الخامس من مارس 2021.") == {("2021-03-05", "city/minsk")}
    assert deployments("وأثنى الأمين العام على المهمة التي أدتها القوات المشتركة في قرغيزستان.") == {(None, "state/kyrgyzstan")}
    assert deployments("وخلال حفل أقيم في مدينة دوشنبه قال قائد القوات إن المهمة أنجزت.") == set()
    visit = run(tmp_path, "ووصل وزير الدفاع الأرميني إلى موسكو في 7 مارس 2021.")
    assert dated_places(visit, "Visit") == [("2021-03-07", "city/moscow")]


def test_talks_by_verbs_of_meeting_with_two_parties_and_the_place_of_a_same_day_arrival(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "والتقى الرئيس الروسي فلاديمير بوتين أمس في مينسك الرئيس البيلاروسي ألكسندر لوكاشينكو.",
        "وبحث وزير الخارجية الروسي سيرغي لافروف، يوم الثلاثاء الماضي، مع الجانب الطاجيكي سبل التعاون العسكري.",
        "وبحث القادة الوضع في أفغانستان.",
        "ووصل رئيس الوزراء الأرميني نيكول باشينيان إلى دوشنبه يوم 8 يونيو، وأجرى في اليوم نفسه محادثات مع "
        "نظيره الطاجيكي.",
    )
    talks = {
        (r.properties["startDate"].iso, r.properties.get("location"), tuple(sorted(r.properties["participant"])))
        for r in of_type(extraction, "BilateralTalks")
    }
    assert talks == {
        ("2022-06-09", "city/minsk", ("person/alexander-lukashenko", "person/vladimir-putin")),
        ("2022-06-07", None, ("person/sergey-lavrov", "state/tajikistan")),
        ("2022-06-08", "city/dushanbe", ("person/nikol-pashinyan", "state/tajikistan")),
    }
    assert all(r.properties["eventStatus"] == "held" for r in of_type(extraction, "BilateralTalks"))


def test_a_date_in_a_relative_clause_closed_before_the_trigger_is_not_the_events(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "واندلعت اضطرابات في ألماتي في يناير 2022.",
        "وبحسب الحصيلة التي نشرتها وزارة الصحة الأحد الماضي، خلفت الاضطرابات عشرات القتلى.",
    )
    assert dated_places(extraction, "Unrest") == [("2022-01", "state/kazakhstan")]  # unrest is the country's


def test_the_day_something_was_said_is_not_the_day_of_what_it_announces_or_of_what_came_before(tmp_path: Path) -> None:
    # "أكد الوزير يوم الخميس أن التحالف سيرسل قوات": a future verb plans; Thursday is the saying's.
    extraction = run(tmp_path, "وصرح رئيس الوزراء يوم الخميس بأن الحلف سينشر قوات في طاجيكستان.")
    deployments = [(r.properties.get("startDate"), r.properties["eventStatus"]) for r in of_type(extraction, "Deployment")]
    assert deployments == [(None, "planned")]
    # The event's own date, after the verb, stays.
    extraction = run(tmp_path, "وصرح رئيس الوزراء بأن الحلف سينشر قوات في طاجيكستان يوم الخميس المقبل.")
    assert [r.properties["startDate"].iso for r in of_type(extraction, "Deployment")] == ["2022-06-16"]
    # "تواصل الاحتجاجات في معظم البلاد، وقال الوزير يوم الخميس إن …": unrest in the country named
    # before, not dated by the saying after it.
    extraction = run(
        tmp_path,
        "ومع عجز رئيس قرغيزستان عن احتواء الغضب، وتواصل الاحتجاجات في معظم البلاد، قال الوزير يوم الخميس إن الوضع صعب.",
    )
    assert dated_places(extraction, "Unrest") == [(None, "state/kyrgyzstan")]


def test_a_ministry_named_with_its_state_after_fi_is_that_state_s(tmp_path: Path) -> None:
    extraction = run(tmp_path, "ونقلت وكالة محلية عن وزارة الصحة في قرغيزستان قولها إن المصابين بخير.")
    assert [r.properties["speaker"] for r in of_type(extraction, "Statement")] == ["organization/kyrgyzstan-ministry-of-health"]
    # Across a comma the state is another clause's.
    extraction = run(tmp_path, "وأعلنت وزارة الصحة، في قرغيزستان وحدها، عن عشرات الإصابات.")
    assert of_type(extraction, "Ministry") == []


def test_talks_named_as_the_occasion_of_a_dated_statement_were_held_that_day(tmp_path: Path) -> None:
    """ "أعلن بوتين، الخميس، أن … . وجاء ذلك خلال لقائه مع …": the talks whose owner is the speaker
    of the sentence before, held on the day he spoke."""
    extraction = run(
        tmp_path,
        "وأكد الرئيس الروسي فلاديمير بوتين، الأربعاء، أن التعاون العسكري سيتعزز."
        " وجاء ذلك خلال لقائه مع رئيس بيلاروس ألكسندر لوكاشينكو في سوتشي.",
    )
    [talks] = of_type(extraction, "BilateralTalks")
    assert talks.properties["startDate"].iso == "2022-06-08"
    assert set(talks.properties["participant"]) >= {"person/vladimir-putin", "person/alexander-lukashenko"}


def test_a_trigger_word_that_names_an_exercise_in_quotes_is_no_event(tmp_path: Path) -> None:
    """ 'والتدريبات الخاصة "البحث-2026"': "البحث" names the drills, it is no talks; the place after
    the names is the drills'."""
    extraction = run(tmp_path, 'وانطلقت أمس التدريبات الخاصة "البحث-2026" في طاجيكستان.')
    assert of_type(extraction, "BilateralTalks") == []
    assert dated_places(extraction, "MilitaryExercise") == [("2022-06-09", "state/tajikistan")]
    # A quoted name after the trigger leaves it a trigger.
    extraction = run(tmp_path, 'بحث "لافروف" مع نظيره الطاجيكي قضايا الحدود في دوشنبه أمس.')
    assert dated_places(extraction, "BilateralTalks") == [("2022-06-09", "city/dushanbe")]


def test_a_meeting_named_as_where_a_dated_statement_was_made_was_held_that_day(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وصرح رئيس هيئة الأركان المشتركة للمنظمة أناتولي سيدوروف أمس بأن الحلف مستعد."
        ' وأضاف سيدوروف، متحدثا في اجتماع مجلس وزراء الدفاع: "سنواصل التدريبات".',
    )
    assert [(r.properties["startDate"].iso, r.properties["eventStatus"]) for r in of_type(extraction, "MinisterialMeeting")] == [
        ("2022-06-09", "held")
    ]
    # A meeting the statement speaks of is not where it was made.
    extraction = run(
        tmp_path,
        "وصرح رئيس هيئة الأركان المشتركة للمنظمة أناتولي سيدوروف أمس بأن الحلف مستعد."
        ' وأضاف سيدوروف: "سنناقش الأمر في اجتماع مجلس وزراء الدفاع".',
    )
    assert undated(extraction, "MinisterialMeeting")


def test_the_day_a_source_reports_an_event_on_dates_it(tmp_path: Path) -> None:
    # "…، حسبما ذكرت الوكالة اليوم": the attribution's day of speaking dates the event it reports.
    extraction = run(
        tmp_path,
        "والتقى وزير الدفاع الروسي رئيس هيئة الأركان المشتركة للمنظمة أناتولي سيدوروف، حيث ناقشا خطط التدريب، حسبما ذكرت الوزارة اليوم الجمعة.",
    )
    assert [r.properties["startDate"].iso for r in of_type(extraction, "BilateralTalks")] == ["2022-06-10"]
    # Not a day of some other time ("حسبما ذكرت الوزارة في بيان أصدرته في مارس").
    extraction = run(
        tmp_path,
        "والتقى وزير الدفاع الروسي رئيس هيئة الأركان المشتركة للمنظمة أناتولي سيدوروف، حيث ناقشا خطط التدريب، حسبما ذكرت الوزارة في مارس.",
    )
    assert undated(extraction, "BilateralTalks")


def test_a_note_of_protest_is_no_unrest_and_a_refused_visit_no_visit_but_a_boycotted_summit_is_held(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وسلمت الخارجية الأرمينية مذكرة احتجاج إلى السفير الروسي في يريفان أمس.",
        "ورفض الرئيس الطاجيكي زيارة كابول في مايو الماضي.",
        "ورفضت أرمينيا حضور قمة منظمة معاهدة الأمن الجماعي التي عقدت في مينسك يوم 23 نوفمبر 2021.",
    )
    assert of_type(extraction, "Unrest", "Visit") == []
    summits = [(r.properties["startDate"].iso, r.properties.get("location")) for r in of_type(extraction, "Summit")]
    assert summits == [("2021-11-23", "city/minsk")]


# -- events: general forms of clashes, requests, missions, sessions and planned events -------------


def test_border_and_armed_clashes_are_unrest_but_fighting_with_no_border_or_outbreak_is_not(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "واندلعت اشتباكات عنيفة فجر أمس على الحدود بين أرمينيا وأذربيجان.",
        "وكانت المعارك لا تزال مستمرة حين التقى الرئيس الروسي فلاديمير بوتين الرئيس البيلاروسي ألكسندر "
        "لوكاشينكو في مينسك يوم 8 يونيو.",
        "وتسببت المواجهات المسلحة التي وقعت في مايو 2021، بحسب أرقام أعلنت في يريفان، في سقوط قتلى.",
    )
    unrest = sorted((r.properties["startDate"].iso, r.properties.get("location")) for r in of_type(extraction, "Unrest"))
    assert unrest == [("2021-05", None), ("2022-06-09", None)]
    talks = [(r.properties["startDate"].iso, r.properties.get("location")) for r in of_type(extraction, "BilateralTalks")]
    assert talks == [("2022-06-08", "city/minsk")]  # "لا تزال" in the clause before is no negation


def test_requests_worded_with_a_participle_a_relative_noun_and_asking_an_organization(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتوجهت قرغيزستان أمس إلى منظمة معاهدة الأمن الجماعي طالبة المساعدة.",
        "ولم تستجب المنظمة للطلب الذي تقدمت به طاجيكستان في 3 مايو الماضي.",
        "وطلب رئيس الوزراء الأرميني نيكول باشينيان، الذي كان يتحدث أمام البرلمان، من المنظمة إطلاق "
        "مشاورات عاجلة في أبريل 2021.",
    )
    requests = sorted(
        (r.properties["startDate"].iso, r.properties["requester"], r.properties["addressee"])
        for r in of_type(extraction, "AssistanceRequest")
    )
    assert requests == [
        ("2021-04", "person/nikol-pashinyan", "organization/csto"),
        ("2022-05-03", "state/tajikistan", "organization/csto"),
        ("2022-06-09", "state/kyrgyzstan", "organization/csto"),
    ]


def test_a_council_session_by_video_a_decided_mission_and_troops_arriving(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وانعقد مجلس الأمن الجماعي لمنظمة معاهدة الأمن الجماعي في جلسة طارئة عبر الفيديو مساء أمس، وانتهى "
        "إلى قرار يقضي بإيفاد بعثة إلى دوشنبه.",
        "وبدأ في اليوم التالي وصول نحو ألف عسكري إلى طاجيكستان.",
        "وأشاد الوزير بدوره بالتعاون بين البلدين في مايو 2022.",
        "وقررت المنظمة إيفاد بعثة لتقييم الوضع.",
    )
    summits = [(r.properties["startDate"].iso, r.properties.get("organizer")) for r in of_type(extraction, "Summit")]
    assert summits == [("2022-06-09", "organization/csto-collective-security-council")]
    visits = [(r.properties.get("location"), r.properties["eventStatus"]) for r in of_type(extraction, "Visit")]
    assert visits == [("city/dushanbe", "planned")]  # a mission with no destination is no event
    deployments = [(r.properties["startDate"].iso, r.properties["location"]) for r in of_type(extraction, "Deployment")]
    assert deployments == [("2022-06-10", "state/tajikistan")]
    assert of_type(extraction, "Meeting") == []  # "بدوره" (in his turn) is no session


def test_planned_events_hosted_by_a_subject_undated_by_the_text_and_presupposed_under_a_hedge(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وتستضيف أرمينيا قمتها السنوية في نوفمبر المقبل.",
        "ومن المقرر أن تستضيف روسيا سلسلة من الاجتماعات الوزارية لم تعلن مواعيدها بعد، في الخريف المقبل.",
        "ولا يستبعد خبراء أن تطرح المسألة على القمة المقبلة للمنظمة، المقررة في يريفان خلال ديسمبر القادم.",
        "وعقدت قمة منظمة معاهدة الأمن الجماعي في موسكو، قبل أن تعلق أوزبكستان عضويتها في يونيو 2012.",
    )
    summits = {
        (r.properties["startDate"].iso if "startDate" in r.properties else None, r.properties.get("location"),
         r.properties["eventStatus"])
        for r in of_type(extraction, "Summit")
    }  # fmt: skip
    assert summits == {
        (None, "city/moscow", "held"),  # the date of the later clause is the suspension's
        ("2022-11", "state/armenia", "planned"),
        ("2022-12", "city/yerevan", "planned"),
    }
    ministerial = [
        (r.properties.get("startDate"), r.properties.get("location"), r.properties["eventStatus"])
        for r in of_type(extraction, "MinisterialMeeting")
    ]
    assert ministerial == [(None, "state/russia", "planned")]


def test_a_future_host_verb_makes_a_meeting_planned_and_the_same_day_skips_a_starting_day(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وستستضيف أستانا اجتماعا لمجلس وزراء خارجية منظمة معاهدة الأمن الجماعي.",
        "وقال الوزير أمس إن التعيين يسري اعتبارا من الأول من يوليو المقبل. وفي اليوم نفسه التقى الرئيس الروسي "
        "فلاديمير بوتين الرئيس البيلاروسي ألكسندر لوكاشينكو في موسكو.",
    )
    meetings = [(r.properties.get("location"), r.properties["eventStatus"]) for r in of_type(extraction, "MinisterialMeeting")]
    assert meetings == [("city/astana", "planned")]
    talks = [r.properties["startDate"].iso for r in of_type(extraction, "BilateralTalks")]
    assert talks == ["2022-06-09"]


# -- posts, memberships and chairmanships in other outlets' word orders ---------------------------


def _posts(extraction: Extraction) -> set[tuple[str, str, bool]]:
    """(person, post, stated as current) of every incumbency."""
    return {
        (r.properties["holder"], r.properties["post"], "asOf" in r.properties)
        for r in of_type(extraction, "Incumbency")
    }  # fmt: skip


def _members(extraction: Extraction) -> set[tuple[str, str]]:
    return {(r.properties["member"], r.properties["membershipStatus"]) for r in of_type(extraction, "Membership")}


def test_a_name_between_commas_after_its_title_or_behind_a_copula_holds_the_post(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأوضح وزير الدفاع الطاجيكي، شير علي ميرزو، أن التدريبات ستجري في الخريف.",
        "ودخلت يريفان العام الجديد بوزيرة دفاع جديدة، هي آنا كاراپيتيان، بعد استقالة سلفها.",
    )
    posts = {post for _, post, _ in _posts(extraction)}
    assert posts == {"post/defence-minister-of-tajikistan", "post/defence-minister-of-armenia"}
    # A clause after the comma is no name: "وزير الخارجية الروسي، خلال مؤتمر صحفي،".
    extraction = run(tmp_path, "وقال وزير الخارجية الروسي، خلال مؤتمر صحفي عقده أمس، إن الاجتماع مهم.")
    assert not of_type(extraction, "Incumbency")
    # What a verb of saying reports closes the name too; a name that does not close introduces nobody.
    extraction = run(tmp_path, "وصرح نائب وزير الدفاع الطاجيكي، رستم نظروف بأن الحدود آمنة.")
    assert {post for _, post, _ in _posts(extraction)} == {"post/deputy-defence-minister-of-tajikistan"}
    extraction = run(tmp_path, "وقال نائب وزير الدفاع الطاجيكي، رستم نظروف يتابع الوضع، إن الحدود آمنة.")
    assert not of_type(extraction, "Person")


def test_a_new_name_set_off_before_its_title_or_a_rank_after_the_comma_holds_the_post(tmp_path: Path) -> None:
    """Real outlets put a new name before its title between commas, after the verb whose subject
    it is ("وقال <name>، وزير …،"), or a rank between the comma and the name ("قائد …، الفريق <name>")."""
    extraction = run(
        tmp_path,
        "وصرح بافل مورافيكو، وزير الدفاع البيلاروسي، بأن المناورات ستجري في الخريف.",
        "وتولى الإشراف على المرحلة الأولى قائد قوات المنطقة العسكرية الوسطى، الفريق غينادي أناشكين، ثم انتقل إلى دوشنبه.",
    )
    held = {(holder, post) for holder, post, _ in _posts(extraction)}
    assert held == {
        ("person/bafl-mwrafykw", "post/defence-minister-of-belarus"),
        ("person/ghynady-anashkyn", "post/commander-of-russia-central-military-district"),
    }
    # Words after another verb's object, and a unit a commander commands, are nobody's name.
    extraction = run(
        tmp_path,
        "واستعرضت الوفود المشاركة، وزير الخارجية الروسي وزملاؤه، الخطة.",
        "وقال قائد كتيبة تابعة للمنظمة إن المهمة أنجزت.",
    )
    assert not of_type(extraction, "Person") and not of_type(extraction, "Incumbency")


def test_a_known_surname_after_another_first_name_is_another_person(tmp_path: Path) -> None:
    """Where a verb of saying expects its subject, a first name that is not the known bearer's
    before a known surname names someone else of that family, never the known person."""
    extraction = run(tmp_path, "وقالت تسوفينار خاتشاتريان، المتحدثة باسم وزارة الخارجية الأرمينية، إن الوفد لن يشارك.")
    assert [p.properties["labelAr"] for p in of_type(extraction, "Person")] == ["تسوفينار خاتشاتريان"]
    assert [s.properties["speaker"] for s in of_type(extraction, "Statement")] == ["person/tswfynar-khatshatryan"]
    # The known bearer, by surname alone or with his own first name, stays himself.
    extraction = run(tmp_path, "وقال خاتشاتوريان إن الوفد لن يشارك.", "وأضاف فاهاجن خاتشاتوريان أن القرار نهائي.")
    assert of_type(extraction, "Person") == []
    # A first name and a father's name before the surname: someone else, unless the first is the bearer's.
    extraction = run(tmp_path, "وصرح رستم كريم علييف، المتحدث باسم وزارة الدفاع الطاجيكية، بأن التدريبات انتهت.")
    assert [p.properties["labelAr"] for p in of_type(extraction, "Person")] == ["رستم كريم علييف"]
    extraction = run(tmp_path, "وأكد إلهام حيدر علييف أن المحادثات مثمرة.")
    assert of_type(extraction, "Person") == []


def test_an_organisation_s_name_cut_short_after_a_title_is_no_person(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وأوضح الأمين العام لمنظمة معاهدة الأمن", "أن التعاون مستمر.")
    assert of_type(extraction, "Person") == [] and of_type(extraction, "Incumbency") == []


def test_a_state_s_president_title_is_never_read_onto_a_known_person_who_is_not_its_head(tmp_path: Path) -> None:
    """Heads of state are reference data (lexicon heads_of_state): "… نيكول باشينيان، الرئيس
    الكازاخي" after a verb of receiving names whom he received; a head keeps his own title."""
    extraction = run(tmp_path, "وكان في استقبال رئيس الوزراء الأرميني، نيكول باشينيان، الرئيس الكازاخي لدى وصوله إلى أستانا.")
    assert ("person/nikol-pashinyan", "post/president-of-kazakhstan") not in {(h, p) for h, p, _ in _posts(extraction)}
    extraction = run(tmp_path, "وقال الرئيس الكازاخي، قاسم جومارت توكاييف، إن القمة ناجحة.")
    assert ("person/kassym-jomart-tokayev", "post/president-of-kazakhstan") in {(h, p) for h, p, _ in _posts(extraction)}


def test_a_full_name_after_a_verb_of_receiving_does_not_hold_the_title_after_it(tmp_path: Path) -> None:
    """"استقبل <name> رئيس وزراء أرمينيا": whom the subject received, not the subject's post."""
    extraction = run(tmp_path, "واستقبل ألكسندر لوكاشينكو رئيس وزراء أرمينيا في قصر الاستقلال بمينسك.")
    assert ("person/alexander-lukashenko", "post/prime-minister-of-armenia") not in {(h, p) for h, p, _ in _posts(extraction)}
    extraction = run(tmp_path, "وقال ألكسندر لوكاشينكو رئيس بيلاروسيا إن القمة ناجحة.")
    assert {(h, p) for h, p, _ in _posts(extraction)} == {("person/alexander-lukashenko", "post/president-of-belarus")}


def test_the_spokesperson_of_a_head_of_state_holds_the_spokesperson_s_post_not_the_head_s(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال السكرتير الصحفي للرئيس الروسي دميتري بيسكوف، إن القمة ناجحة.",
        "وأضاف المتحدث باسم الكرملين دميتري بيسكوف أن الاجتماع المقبل في موسكو.",
    )
    assert set(_posts_of(extraction)) == {("person/dmitry-peskov", "post/spokesperson-of-kremlin")}


def test_a_title_with_a_possessive_pronoun_is_held_in_the_state_named_before(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وشاركت طاجيكستان في اجتماع دوشنبه، إذ حضره رئيس وزرائها قاهر رسول زاده إلى جانب وزراء آخرين.",
    )
    posts = {post for _, post, _ in _posts(extraction)}
    assert posts == {"post/prime-minister-of-tajikistan"}


def test_the_kremlins_spokesman_is_the_kremlin_s(tmp_path: Path) -> None:
    """The Kremlin (the Executive Office of the President) is a body of its own in the reference
    data: its spokesman's post is in it, as a ministry's spokeswoman's is in the ministry."""
    extraction = run(tmp_path, "وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو تتابع الوضع على الحدود.")
    assert ("person/dmitry-peskov", "post/spokesperson-of-kremlin", True) in _posts(extraction)


def test_a_predecessor_after_khalafan_held_the_same_post_in_the_past(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وفي اليوم ذاته تسلم فيه الأوزبكي دلشود رحيموف منصب الأمين العام لمنظمة معاهدة الأمن الجماعي خلفا "
        "للطاجيكي فاروق نازاروف.",
        "وتدخل دوشنبه المرحلة الجديدة بوزير خارجية جديد، هو بهروز صابروف، الذي عين الشهر الماضي خلفا لوزير "
        "الخارجية الراحل عمر عليموف.",
    )
    posts = _posts(extraction)
    assert ("person/dlshwd-rhymwf", "post/secretary-general-of-csto", False) in posts
    assert ("person/farwq-nazarwf", "post/secretary-general-of-csto", False) in posts
    assert ("person/bhrwz-sabrwf", "post/foreign-minister-of-tajikistan", True) in posts
    assert ("person/amr-alymwf", "post/foreign-minister-of-tajikistan", False) in posts


def test_nisba_adjectives_after_a_title_are_no_name(tmp_path: Path) -> None:
    extraction = extract(
        write_article(
            tmp_path,
            "تولت كازاخستان رئاسة منظمة معاهدة الأمن الجماعي.",
            title="رئاسة كازاخستانية وأمين عام طاجيكي ووفد روسي",
        )
    )
    assert not [r for r in of_type(extraction, "Person") if r.id.startswith("person/")]
    assert not of_type(extraction, "Incumbency")


def test_member_lists_interrupted_by_a_dash_after_a_generic_noun_or_under_a_heading(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تعقد منظمة معاهدة الأمن الجماعي اجتماعا طارئا بعد تبادل دوشنبه وبيشكيك الاتهامات.",
        "وتمثل الأزمة امتحانا صعبا لتحالف يضم -علاوة على البلدين- كلا من روسيا وأرمينيا.",
    )
    assert _members(extraction) == {
        (f"state/{s}", "member") for s in ("tajikistan", "kyrgyzstan", "russia", "armenia")
    }
    extraction = run(
        tmp_path,
        "ما هي منظمة معاهدة الأمن الجماعي؟",
        "- يضم خمس دول هي: روسيا، وأرمينيا، وطاجيكستان، وبيلاروس، وكازاخستان.",
    )
    assert len(_members(extraction)) == 5


def test_also_in_a_member_list_adds_the_state_the_sentence_is_about(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ويقول مسؤولون في بيشكيك إن منظمة معاهدة الأمن الجماعي، التي تضم أيضا روسيا وكازاخستان، لم تتحرك.",
    )
    assert _members(extraction) == {(f"state/{s}", "member") for s in ("kyrgyzstan", "russia", "kazakhstan")}


def test_no_membership_from_hedged_conditional_or_intended_lists(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تأسست منظمة معاهدة الأمن الجماعي عام 2002.",
        "ولا يستبعد محللون أن تضم المنظمة مستقبلا أذربيجان وجورجيا.",
        "ولو كانت المنظمة تضم أوزبكستان وتركمانستان لتغير المشهد.",
        "وتسعى المنظمة إلى أن تضم منغوليا وصربيا.",
        "وقال إن أذربيجان لا تريد أن تكون عضوا في المنظمة.",
    )
    assert not of_type(extraction, "Membership")


def test_a_predecessor_chair_with_its_own_dated_clause_and_a_chair_in_apposition(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تسلمت طاجيكستان أمس رئاسة منظمة معاهدة الأمن الجماعي، خلفا لكازاخستان التي تولت المهمة طوال عام 2021.",
        "وستعقد القمة المقبلة في دوشنبه برئاسة طاجيكستان، الرئيسة الحالية للتكتل.",
        date="1 يناير 2022",
    )
    chairs = {
        (r.properties["member"], (r.properties.get("startDate") or r.properties.get("asOf")).iso)
        for r in of_type(extraction, "Chairmanship")
    }  # fmt: skip
    assert ("state/kazakhstan", "2021") in chairs
    assert ("state/tajikistan", "2022-01-01") in chairs or ("state/tajikistan", "2021-12-31") in chairs
    # A predecessor with no date of its own is left out (a chairmanship needs a date).
    extraction = run(tmp_path, "وتولت بيلاروسيا رئاسة المنظمة في الأول من يناير خلفا لأرمينيا.")
    assert {r.properties["member"] for r in of_type(extraction, "Chairmanship")} <= {"state/belarus"}


def test_a_presidency_passed_from_one_state_to_another_ends_the_first_s_chair(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "انتقلت رئاسة منظمة معاهدة الأمن الجماعي (CSTO) رسميا من كازاخستان إلى قرغيزستان في 1 يناير 2025.",
    )
    chairs = {
        (r.properties["member"], r.properties.get("startDate") and r.properties["startDate"].iso,
         r.properties.get("endDate") and r.properties["endDate"].iso)
        for r in of_type(extraction, "Chairmanship")
    }  # fmt: skip
    assert chairs == {("state/kyrgyzstan", "2025-01-01", None), ("state/kazakhstan", None, "2025-01-01")}
    assert_evidence_in_body(extraction)


def test_a_presidency_noun_with_a_modifier_or_a_nisba_before_the_organization(tmp_path: Path) -> None:
    for sentence in (
        "وناقش وزراء خارجية منظمة معاهدة الأمن الجماعي أولويات رئاسة روسيا الدورية للمنظمة.",
        "وعقد اجتماع منظمة معاهدة الأمن الجماعي في إطار الرئاسة الروسية للمنظمة.",
    ):
        chairs = {(r.properties["member"], r.properties["asOf"].iso) for r in of_type(run(tmp_path, sentence), "Chairmanship")}
        assert chairs == {("state/russia", "2022-06-10")}, sentence
    # The modifier before the state; a coming presidency needs its clause's date; في before the organization.
    extraction = run(tmp_path, "وناقش وزراء دفاع منظمة معاهدة الأمن الجماعي الرئاسة الدورية لروسيا للمنظمة.")
    assert [r.properties["member"] for r in of_type(extraction, "Chairmanship")] == ["state/russia"]
    extraction = run(
        tmp_path,
        "وناقش الوزيران عمل منظمة معاهدة الأمن الجماعي والرئاسة القادمة لطاجيكستان في المنظمة خلال عام 2025.",
        "وتحدثا عن الرئاسة المقبلة لأرمينيا.",
    )
    chairs = {(r.properties["member"], r.properties["startDate"].iso) for r in of_type(extraction, "Chairmanship")}
    assert chairs == {("state/tajikistan", "2025")}
    # The presidency of something else.
    extraction = run(tmp_path, "أجرت منظمة معاهدة الأمن الجماعي مناورات. وأشاد الوزير بالرئاسة الروسية للاجتماع.")
    assert of_type(extraction, "Chairmanship") == []


def test_a_present_chairmanship_in_an_undated_article_stands_undated(tmp_path: Path) -> None:
    """An outlet's page without a publication date: "during Kazakhstan's presidency" still says
    Kazakhstan chairs; nothing dates it, and a mention of a chairmanship dated elsewhere in the
    article is that chairmanship."""
    extraction = run(tmp_path, "وبحث وزراء دفاع منظمة معاهدة الأمن الجماعي أولويات العمل خلال رئاسة كازاخستان للمنظمة.", date="")
    assert extraction.article.published is None
    chairs = [(r.properties["member"], r.properties.get("startDate"), r.properties.get("asOf")) for r in of_type(extraction, "Chairmanship")]
    assert chairs == [("state/kazakhstan", None, None)]
    extraction = run(
        tmp_path,
        "تسلمت قرغيزستان رئاسة منظمة معاهدة الأمن الجماعي في 1 يناير 2025.",
        "وقال الرئيس القرغيزي إن بلاده ستعمل خلال رئاسة قرغيزستان للمنظمة على تطوير قوات حفظ السلام.",
        date="",
    )
    chairs = [(r.properties["member"], r.properties["startDate"].iso, len(r.evidence)) for r in of_type(extraction, "Chairmanship")]
    assert chairs == [("state/kyrgyzstan", "2025-01-01", 2)]


def test_a_possessive_presidency_and_a_transfer_dated_before_its_verb(tmp_path: Path) -> None:
    def chairs(sentence: str) -> set[tuple[str, str]]:
        return {
            (r.properties["member"], r.properties["startDate"].iso)
            for r in of_type(run(tmp_path, "أجرت منظمة معاهدة الأمن الجماعي مناورات.", sentence), "Chairmanship")
        }

    assert chairs("وأشاد بما حققته قرغيزستان خلال رئاستها للمنظمة في العام الحالي.") == {("state/kyrgyzstan", "2022")}
    # A date before the verb, past a short aside between commas.
    assert chairs("وقال: في العام المقبل، كما تعلمون، تنتقل رئاسة المنظمة إلى الاتحاد الروسي.") == {("state/russia", "2023")}
    # Not past a clause of its own.
    assert chairs("وعقدت القمة في 2021، كما تقرر أن تنتقل رئاسة المنظمة إلى روسيا.") == set()


def test_the_treaty_signed_by_states_named_after_a_pronoun_verb_a_passive_or_a_participle(tmp_path: Path) -> None:
    six = {f"state/{s}" for s in ("armenia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan")}
    for sentence in (
        "تأسست المنظمة على أساس معاهدة الأمن الجماعي التي وقعتها في طشقند في 15 مايو 1992 كل من أرمينيا "
        "وكازاخستان وقرغيزستان وروسيا وطاجيكستان وأوزبكستان.",
        "وكانت معاهدة الأمن الجماعي قد وقعت في طشقند في 15 مايو 1992 من قبل أرمينيا وكازاخستان وقرغيزستان "
        "وروسيا وطاجيكستان وأوزبكستان.",
        "والدول الموقعة على معاهدة الأمن الجماعي عام 1992 هي أرمينيا وكازاخستان وقرغيزستان وروسيا وطاجيكستان وأوزبكستان.",
    ):
        signings = of_type(run(tmp_path, sentence), "Signing")
        assert [(r.properties["signedDocument"], set(r.properties["signatory"])) for r in signings] == [
            ("treaty/collective-security-treaty", six)
        ], sentence
    assert of_type(run(tmp_path, "ووقعت اشتباكات بين أرمينيا وأذربيجان على الحدود."), "Signing") == []


def test_a_signing_is_not_placed_by_a_party_or_where_its_anniversary_is_marked(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وطلب المسؤول المساعدة بموجب اتفاقية الصداقة والتعاون والمساعدة المتبادلة الموقعة مع موسكو عام 1997.",
        "وقال الدبلوماسي في حفل في واشنطن بمناسبة الذكرى الثلاثين لتوقيع معاهدة الأمن الجماعي إن المنظمة قوية.",
    )
    assert all("location" not in r.properties for r in of_type(extraction, "Signing"))


def test_a_treaty_concluded_is_signed(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وقامت المنظمة على معاهدة الأمن الجماعي المبرمة في طشقند في 15 مايو 1992.")
    assert dated_places(extraction, "Signing") == [("1992-05-15", "city/tashkent")]


def test_a_plural_signing_verb_takes_the_list_of_states_subject_of_its_sentence(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقعت أرمينيا وبيلاروسيا وكازاخستان وقرغيزستان وروسيا وطاجيكستان على بروتوكول التمديد في موسكو عام 1999.",
        "وبعد ذلك قرر قادة الدول الست، خلال اجتماع عقدوه في العاصمة الروسية موسكو في مايو 2002، توسيع التعاون، "
        "قبل أن يوقعوا في 7 أكتوبر من العام نفسه بالعاصمة المولدوفية كيشيناو على ميثاق المنظمة.",
    )
    charter = record(extraction, "event/signing-csto-charter-2002")
    assert len(set(charter.properties["signatory"])) == 6


def test_a_plural_signing_verb_never_takes_a_single_state_before_it(tmp_path: Path) -> None:
    """"وقعوا" agrees with a plural subject: a union named inside the subject's relative clause
    (the organisation founded after its collapse) is no signatory."""
    extraction = run(
        tmp_path,
        "وقال الرئيس إن قادة المنظمة التي نشأت بعد تفكك الاتحاد السوفيتي وقعوا أمس على اتفاقية لإنشاء قوة مشتركة.",
    )
    signed = [r.properties.get("signatory", []) for r in of_type(extraction, "Signing")]
    assert not any("state/soviet-union" in s for s in signed)


def test_a_subject_that_lists_its_states_in_apposition_before_a_far_object(tmp_path: Path) -> None:
    """The subject names how many states sign, then lists them after "وهي", with the date before
    "على" and the document: a long stretch of names and a date between verb and object."""
    extraction = run(
        tmp_path,
        "وقد وقعت ست جمهوريات سوفيتية سابقة كانت تنتمي إلى رابطة الدول المستقلة، وهي روسيا، وأرمينيا، "
        "وكازاخستان، وقيرغيزستان، وطاجيكستان، وأوزبكستان، في 15 أيار/ مايو من عام 1992 على معاهدة "
        "الأمن الجماعي، المعروفة أيضا باسم ميثاق طشقند.",
        "ثم وقعت عليها في العام التالي ثلاث دول أخرى، هي أذربيجان وبيلاروسيا وجورجيا.",
    )
    signings = {
        (r.properties["startDate"].iso, r.properties.get("location"), frozenset(r.properties["signatory"]))
        for r in of_type(extraction, "Signing")
    }  # fmt: skip
    founders = frozenset(f"state/{s}" for s in ("russia", "armenia", "kazakhstan", "kyrgyzstan", "tajikistan", "uzbekistan"))
    assert ("1992-05-15", None, founders) in signings  # "ميثاق طشقند" names the treaty, not where
    # Words between the verb and its object still count: a far "على" is another clause's.
    extraction = run(
        tmp_path,
        "وقعت اشتباكات عنيفة بين القوات في عدة قرى حدودية خلال الأسبوع الماضي وأدت إلى سقوط قتلى وجرحى "
        "من الجانبين وسط دعوات دولية للتهدئة وأكد الطرفان حرصهما على معاهدة الأمن الجماعي.",
    )
    assert of_type(extraction, "Signing") == []


# -- exercises and withdrawals of forces ------------------------------------------------------------


def test_military_exercise_with_a_range_of_days_and_a_place(tmp_path: Path) -> None:
    extraction = run(tmp_path, "تنطلق مناورات «الأخوة القتالية» لقوات المنظمة في قرغيزستان في الفترة من 14 إلى 18 يونيو الجاري.")
    exercises = of_type(extraction, "MilitaryExercise")
    assert [(e.properties["startDate"].iso, e.properties.get("location"), e.properties["eventStatus"]) for e in exercises] == [
        ("2022-06-14", "state/kyrgyzstan", "planned")
    ]
    assert_evidence_in_body(extraction)


def test_drills_on_a_territory_in_several_countries_and_to_be_held(tmp_path: Path) -> None:
    """On a country's territory ("على أراضي …", "على الأراضي الطاجيكية") is in it; in several
    countries at once, in none alone; what one prepares in order to hold is planned."""
    assert dated_places(run(tmp_path, "ومن المقرر إجراء مناورات للمنظمة على أراضي طاجيكستان في يوليو."), "MilitaryExercise") == [
        ("2022-07", "state/tajikistan")
    ]
    assert dated_places(run(tmp_path, "وتجري مناورات المنظمة على الأراضي الطاجيكية في يوليو."), "MilitaryExercise") == [
        ("2022-07", "state/tajikistan")
    ]
    assert dated_places(
        run(tmp_path, "وتجري مناورات المنظمة في يوليو على أراضي كازاخستان وقرغيزستان وطاجيكستان."), "MilitaryExercise"
    ) == [("2022-07", None)]
    # By a country's border is outside it, unless the border is named as the country's with another.
    assert dated_places(run(tmp_path, "وتجري قوات المنظمة تدريبات قرب حدود أفغانستان في يوليو."), "MilitaryExercise") == [
        ("2022-07", None)
    ]
    assert dated_places(run(tmp_path, "وتجري المناورات بمحاذاة حدود طاجيكستان مع أفغانستان في يوليو."), "MilitaryExercise") == [
        ("2022-07", "state/tajikistan")
    ]
    extraction = run(tmp_path, "وتعد وزارتا الدفاع في البلدين لإجراء تدريبات مشتركة في طاجيكستان.")
    assert [r.properties["eventStatus"] for r in of_type(extraction, "MilitaryExercise")] == ["planned"]


def test_a_capital_named_after_a_dash_or_between_commas_is_where_the_summit_sat(tmp_path: Path) -> None:
    for sentence in (
        "وافتتح الرئيس قمة المنظمة المقامة في عاصمة الجمهورية - أستانا اليوم.",
        "وعقدت قمة المنظمة في عاصمة البلاد، أستانا، اليوم.",
    ):
        assert dated_places(run(tmp_path, sentence), "Summit") == [("2022-06-10", "city/astana")], sentence
    # The capital named by its state's nisba alone.
    assert dated_places(run(tmp_path, "وعقدت قمة المنظمة في العاصمة الأرمينية أمس."), "Summit") == [("2022-06-09", "city/yerevan")]


def test_a_refused_or_unwanted_exercise_is_no_event(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "أعلنت يريفان أنها لا ترى من المناسب إجراء تدريبات المنظمة على أراضيها هذا العام.",
        "ولا يستبعد، وفق خبراء، أن تستضيف طاجيكستان هذه التدريبات في الخريف.",
    )
    assert of_type(extraction, "MilitaryExercise") == []


def test_forces_leaving_a_country_but_not_a_state_leaving_an_organisation(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "اكتمل انسحاب قوات حفظ السلام التابعة لمنظمة معاهدة الأمن الجماعي من كازاخستان يوم 19 يناير 2022.",
        "وكانت أوزبكستان قد أعلنت انسحابها من المنظمة عام 2012.",
    )
    withdrawals = of_type(extraction, "ForcesWithdrawal")
    assert [(w.properties["startDate"].iso, w.properties["location"]) for w in withdrawals] == [("2022-01-19", "state/kazakhstan")]


def test_an_exercise_near_a_city_in_a_region_with_an_end_date(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "بدأت اليوم الجمعة مناورات مشتركة لقوات المنظمة بمقاطعة فيتيبسك في بيلاروسيا، وستستمر المناورات لغاية 20 يونيو الجاري.",
        "وتجري مناورات أخرى للمنظمة قرب مدينة يكاترينبورغ الروسية في أكتوبر المقبل.",
    )
    exercises = of_type(extraction, "MilitaryExercise")
    assert sorted((e.properties["startDate"].iso, e.properties.get("location")) for e in exercises) == [
        ("2022-06-10", "place/vitebsk-region"),  # a region inside a state beats the state; not the 20th
        ("2022-10", "city/yekaterinburg"),
    ]


def test_the_year_a_plan_runs_until_is_no_event_s_date(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "واعتمد رؤساء الدول، في قمتهم التي استضافتها العاصمة الطاجيكية دوشنبه، برنامجا للتعاون التقني العسكري حتى عام 2035.",
    )
    assert dated_places(extraction, "Summit") == [(None, "city/dushanbe")]
    assert [e.properties["eventStatus"] for e in of_type(extraction, "Summit")] == ["held"]


def test_a_date_that_dates_the_saying_is_not_the_event_s(tmp_path: Path) -> None:
    extraction = run(tmp_path, "أعلنت وزارة الدفاع الروسية، اليوم الجمعة، عن مناورات ستجريها قوات المنظمة في طاجيكستان يوم 22 أكتوبر المقبل.")
    assert [e.properties["startDate"].iso for e in of_type(extraction, "MilitaryExercise")] == ["2022-10-22"]


def test_a_trigger_inside_an_organization_s_name_is_no_event(tmp_path: Path) -> None:
    # "الانتشار" is a deployment trigger, but here a word of the forces' name: the date after it is
    # still the exercise's own.
    extraction = run(tmp_path, "وأفادت المنظمة بأن تدريبات قوات الانتشار السريع ستجري في طاجيكستان يومي 22-23 أكتوبر المقبل.")
    assert [e.properties["startDate"].iso for e in of_type(extraction, "MilitaryExercise")] == ["2022-10-22"]
    assert of_type(extraction, "Deployment") == []


def test_a_date_after_another_event_s_trigger_is_that_event_s(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وتأتي المناورات بعد عامين على انسحاب قوات المنظمة من كازاخستان في يناير 2022.")
    assert [e.properties.get("startDate") for e in of_type(extraction, "MilitaryExercise")] in ([], [None])
    assert [w.properties["startDate"].iso for w in of_type(extraction, "ForcesWithdrawal")] == ["2022-01"]


# -- decisions --------------------------------------------------------------------------------------


def decisions(extraction: Extraction) -> list[tuple[object, ...]]:
    return sorted(
        (
            r.properties.get("organizer"),
            r.properties["startDate"].iso if r.properties.get("startDate") else None,
            r.properties.get("location"),
            r.properties["eventStatus"],
        )
        for r in of_type(extraction, "Decision")
    )


def test_a_decision_names_who_decided_and_not_where_its_object_goes(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وقررت منظمة معاهدة الأمن الجماعي يوم 6 يناير 2022 إرسال قوات حفظ سلام إلى كازاخستان.")
    assert decisions(extraction) == [("organization/csto", "2022-01-06", None, "held")]
    assert_evidence_in_body(extraction)


def test_leaders_decide_for_the_organization_named_after_them(tmp_path: Path) -> None:
    extraction = run(tmp_path, "ووافق قادة دول منظمة معاهدة الأمن الجماعي، خلال جلستهم في العاصمة الطاجيكية دوشنبه، على خطة لتسليح القوات.")
    assert decisions(extraction) == [("organization/csto", None, "city/dushanbe", "held")]


def test_a_decision_taken_at_a_meeting_has_the_meeting_s_date_and_place(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وفي مارس، تحدث الوزير عن الموازنة المشتركة التي تم اعتمادها، وتم اعتماد الموازنة "
        "في اجتماع مجلس الأمن الجماعي الذي عقد في مينسك يوم 23 نوفمبر 2023.",
    )
    assert ("2023-11-23", "city/minsk") in {(d[1], d[2]) for d in decisions(extraction)}


def edited_lexicon(tmp_path: Path, old: str, new: str) -> Lexicon:
    """The project's lexicon with `old` (its first occurrence) replaced by `new`: data added, no code."""
    path = tmp_path / "lexicon.yaml"
    path.write_text((PROJECT_ROOT / "mappings" / "lexicon.yaml").read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return load_lexicon(path)


def test_a_trigger_added_to_the_lexicon_is_read_without_code_change(tmp_path: Path) -> None:
    sentence = "وأوصى مجلس الأمن الجماعي يوم 6 يناير 2022 بإرسال قوات إلى كازاخستان."
    assert decisions(run(tmp_path, sentence)) == []  # "أوصى" (recommended) is no trigger of ours
    lexicon = edited_lexicon(tmp_path, "    triggers: [قرر, قررت,", "    triggers: [أوصى, قرر, قررت,")
    extraction = extract(write_article(tmp_path, sentence), lexicon=lexicon)
    assert decisions(extraction) == [("organization/csto-collective-security-council", "2022-01-06", None, "held")]


def test_a_head_of_state_added_to_the_lexicon_is_read_without_code_change(tmp_path: Path) -> None:
    sentence = "وقال الرئيس كيم جونغ أون إن بلاده تتابع القمة."
    assert posts_of(run(tmp_path, sentence)) == set()  # no state known for him: "الرئيس" names none
    lexicon = edited_lexicon(tmp_path, "heads_of_state:\n", "heads_of_state:\n  state/north-korea: [person/kim-jong-un]\n")
    extraction = extract(write_article(tmp_path, sentence), lexicon=lexicon)
    assert posts_of(extraction) == {("person/kim-jong-un", "post/president-of-north-korea")}


def test_a_court_deciding_or_a_state_relying_on_something_is_no_decision(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقرر القضاء الأرمني يوم الجمعة حبس المسؤول السابق على ذمة التحقيق.",
        "واعتمدت روسيا على قواتها في المنطقة عام 2020.",
    )
    assert decisions(extraction) == []


# -- a title after the name ------------------------------------------------------------------------


def test_a_title_after_a_full_name_or_an_apposition_is_that_person_s_post(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قال ألكسندر لوكاشينكو رئيس بيلاروسيا إن التعاون العسكري مستمر.",
        "وأعلن سيرغي لافروف، وزير الخارجية الروسي، أن الاجتماع المقبل سيعقد في موسكو.",
    )
    posts = _posts_of(extraction)
    assert ("person/alexander-lukashenko", "post/president-of-belarus") in posts
    assert ("person/sergey-lavrov", "post/foreign-minister-of-russia") in posts
    speakers = {r.properties["speaker"] for r in of_type(extraction, "Statement")}
    assert speakers == {"person/alexander-lukashenko", "person/sergey-lavrov"}  # the name is the verb's subject


def test_a_title_after_a_surname_alone_names_someone_else(tmp_path: Path) -> None:
    """ "استقبل بوتين رئيس وزراء أرمينيا": whom Putin received, not Putin's post."""
    extraction = run(tmp_path, "استقبل بوتين رئيس وزراء أرمينيا في الكرملين أمس الخميس.")
    assert [key for key in _posts_of(extraction) if key[0] == "person/vladimir-putin"] == []


def test_press_spokespeople_the_speaker_of_a_parliament_and_a_new_name_written_with_hamza(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال المتحدث الصحفي باسم الكرملين دميتري بيسكوف إن موسكو تتابع الوضع.",
        "وأبلغ رئيس مجلس الدوما فياتشيسلاف فولودين نظراءه بالقرار.",
        "ولن يشارك رئيس الجمعية الوطنية لأرمينيا ألبرت هاكوبيان في الاجتماع.",
        "وأعلن المتحدث الصحفي باسم منظمة معاهدة الأمن الجماعي أليكسي زوريف أن الأمانة تتابع الوضع.",
    )
    posts = _posts_of(extraction)
    assert ("person/dmitry-peskov", "post/spokesperson-of-kremlin") in posts
    assert ("person/vyacheslav-volodin", "post/parliament-speaker-of-state-duma") in posts  # رئيس of a parliament
    # The speaker of a state's parliament named by its nisba holds the post in the parliament.
    extraction2 = run(tmp_path, "وقال رئيس البرلمان الأرميني ألين سيمونيان إن بلاده لن تشارك.")  # a known speaker
    assert [post for _, post in _posts_of(extraction2)] == ["post/parliament-speaker-of-armenia-national-assembly"]
    # ألبرت and أليكسي are written with hamza: names, not the article.
    assert any(post == "post/parliament-speaker-of-armenia-national-assembly" for _, post in posts)
    assert any(post == "post/spokesperson-of-csto" for _, post in posts)
    people = {r.properties.get("labelAr") for r in of_type(extraction, "Person")}
    assert {"ألبرت هاكوبيان", "أليكسي زوريف"} <= people


def test_a_holder_named_as_a_republic_and_a_title_that_names_no_new_person(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قال وزير خارجية جمهورية أرمينيا أرارات ميرزويان إن الوضع مستقر.",
        "وتوجهت إلى يريفان بعثة بقيادة الأمين العام لمنظمتنا ورئيس أركان العمليات.",
    )
    assert ("person/ararat-mirzoyan", "post/foreign-minister-of-armenia") in _posts_of(extraction)
    assert of_type(extraction, "Person") == []  # no one called "لمنظمتنا ورئيس"


def test_an_official_representative_and_a_name_after_a_quoted_organization_and_a_dash(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "صرحت بذلك الممثلة الرسمية لوزارة الخارجية الروسية، ماريا زاخاروفا، في مؤتمر صحفي.",
        'وأكد الأمين العام لمنظمة "معاهدة الأمن الجماعي" - إيمان غالي تاسماغامبيتوف، أن المنظمة قوية.',
    )
    posts = _posts_of(extraction)
    assert ("person/maria-zakharova", "post/spokesperson-of-russia-ministry-of-foreign-affairs") in posts
    assert ("person/imangali-tasmagambetov", "post/secretary-general-of-csto") in posts


# -- member lists as real articles write them ------------------------------------------------------


def test_a_member_list_after_what_the_organisation_is_said_to_be(tmp_path: Path) -> None:
    """ "المنظمة تشكل تحالفا عسكريا يضم …", "هي تحالف … يضم …", "، التي تأسست …، تضم كلا من …"."""
    for sentence in (
        "تعد منظمة معاهدة الأمن الجماعي حلفا عسكريا إقليميا يضم كلا من: أرمينيا وبيلاروسيا وكازاخستان وقرغيزستان وروسيا وطاجيكستان.",
        "منظمة معاهدة الأمن الجماعي هي تحالف سياسي عسكري يضم روسيا، وبيلاروسيا، وأرمينيا، وكازاخستان، وقرغيزستان، وطاجيكستان.",
        "منظمة معاهدة الأمن الجماعي، التي أنشئت عام 2002، تضم روسيا وكازاخستان وبيلاروسيا وقرغيزستان وطاجيكستان وأرمينيا.",
    ):
        extraction = run(tmp_path, sentence)
        members = {r.properties["member"] for r in of_type(extraction, "Membership")}
        assert len(members) == 6, sentence


def test_guests_and_other_organisations_members_are_no_csto_members(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "دعت الدول الأعضاء في منظمة معاهدة الأمن الجماعي مراقبين من الصين وإيران ومنغوليا لحضور التدريبات.",
        "ووقعت المعاهدة في طشقند دول أعضاء في رابطة الدول المستقلة هي روسيا وأرمينيا وكازاخستان.",
    )
    organizations = {r.properties["organization"] for r in of_type(extraction, "Membership")}
    members = {r.properties["member"] for r in of_type(extraction, "Membership")}
    assert "organization/cis" not in organizations
    assert not members & {"state/china", "state/iran", "state/mongolia"}


def test_a_name_in_quotation_marks_and_a_coordinated_list_verb(tmp_path: Path) -> None:
    """ "منظمة "معاهدة الأمن الجماعي"": a name runs through quotation marks; "المنظمة تأسست عام
    1992، وتضم …": the coordinated verb shares the sentence's subject."""
    extraction = run(
        tmp_path,
        'وتعد منظمة "معاهدة الأمن الجماعي" حلفا عسكريا يضم كلا من: أرمينيا وبيلاروسيا وكازاخستان.',
        "ومنظمة معاهدة الأمن الجماعي تأسست في أيار عام 1992، وتضم روسيا وقرغيزستان وطاجيكستان.",
        "وتبنى القادة استراتيجية الأمن الجماعي حتى عام 2025.",
    )
    members = {r.properties["member"] for r in of_type(extraction, "Membership")}
    assert members == {f"state/{s}" for s in ("armenia", "belarus", "kazakhstan", "russia", "kyrgyzstan", "tajikistan")}
    mentions = [r for r in of_type(extraction, "Mention") if r.properties["refersTo"] == "organization/csto"]
    assert len(mentions) == 2  # "استراتيجية الأمن الجماعي" names no organization


def test_a_known_person_written_short_or_with_another_spelling_of_the_first_name(tmp_path: Path) -> None:
    """ "الرئيس الكازاخستاني قاسم توكاييف" (no middle name) and "طلعت بيك ماساديكوف" are the
    reference people, not new ones; a verb after a title is no name ("ودعا باشينيان")."""
    extraction = run(
        tmp_path,
        "أعلن الرئيس الكازاخستاني قاسم توكاييف انتهاء المهمة.",
        "وقال الأمين العام لمنظمة معاهدة الأمن الجماعي طلعت بيك ماساديكوف إن الأمانة مستعدة.",
        "وقال رئيس بيلاروسيا ودعا باشينيان إلى الحضور.",
    )
    posts = _posts_of(extraction)
    assert ("person/kassym-jomart-tokayev", "post/president-of-kazakhstan") in posts
    assert ("person/taalatbek-masadykov", "post/secretary-general-of-csto") in posts
    assert [r.id for r in of_type(extraction, "Person")] == []  # nobody new


def test_a_past_list_verb_names_the_members_at_founding(tmp_path: Path) -> None:
    """ "أنشئت المنظمة، التي ضمت …": ضمت lists members as تضم does."""
    extraction = run(tmp_path, "في 14 مايو 2002 أنشئت منظمة معاهدة الأمن الجماعي، التي ضمت أرمينيا وبيلاروسيا وكازاخستان.")
    assert {r.properties["member"] for r in of_type(extraction, "Membership")} == {"state/armenia", "state/belarus", "state/kazakhstan"}


def test_a_treaty_signed_as_the_verb_s_direct_object(tmp_path: Path) -> None:
    """ "ووقع رؤساء كل من …، في 15 أيار 1992، معاهدة الأمن الجماعي": no "على" before the treaty;
    the states are the verb's subject. "وقعت اشتباكات بين …" signs nothing."""
    extraction = run(
        tmp_path,
        "ووقع رؤساء كل من روسيا وأرمينيا وكازاخستان، في 15 أيار 1992، معاهدة الأمن الجماعي في طشقند.",
        "ووقعت اشتباكات بين أرمينيا وأذربيجان في ذكرى معاهدة الأمن الجماعي.",
    )
    signings = of_type(extraction, "Signing")
    assert [(s.properties["startDate"].iso, s.properties["location"], sorted(s.properties["signatory"])) for s in signings] == [
        ("1992-05-15", "city/tashkent", ["state/armenia", "state/kazakhstan", "state/russia"])
    ]


def test_where_an_event_happens_amid_something_is_not_its_place(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وتنعقد قمة المنظمة اليوم على خلفية التوتر المتصاعد في أفغانستان.")
    assert dated_places(extraction, "Summit") == [("2022-06-10", None)]
    extraction = run(tmp_path, "وتنعقد قمة المنظمة في دوشنبه اليوم في ظل التوتر في أفغانستان.")
    assert dated_places(extraction, "Summit") == [("2022-06-10", "city/dushanbe")]


def test_receiving_someone_is_talks_between_the_two(tmp_path: Path) -> None:
    extraction = run(tmp_path, "واستقبل الرئيس القرغيزي صدير جاباروف وزير الخارجية الروسي سيرغي لافروف في بيشكيك أمس.")
    assert dated_places(extraction, "BilateralTalks") == [("2022-06-09", "city/bishkek")]
    # A country receiving forces holds no talks.
    assert of_type(run(tmp_path, "واستقبلت قرغيزستان وحدات من قوات المنظمة أمس."), "BilateralTalks") == []


def test_a_meeting_someone_will_not_attend_is_still_held_and_necessary_help_is_no_crisis(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وأبلغ الرئيس القرغيزي نظيره الروسي أنه لن يشارك في اجتماع رؤساء منظمة معاهدة الأمن الجماعي في دوشنبه.")
    assert [(e.properties.get("location"), e.properties["eventStatus"]) for e in of_type(extraction, "Summit")] == [
        ("city/dushanbe", "planned")
    ]
    extraction = run(tmp_path, "وعرضت موسكو تقديم المساعدة اللازمة لطاجيكستان، وقال الوزير إنها لازمة لحماية الحدود.")
    assert of_type(extraction, "Unrest") == []


def test_ministers_who_meet_hold_a_ministerial_meeting(tmp_path: Path) -> None:
    extraction = run(tmp_path, "واجتمع وزراء خارجية الدول الأعضاء في المنظمة في دوشنبه أمس.")
    assert dated_places(extraction, "MinisterialMeeting") == [("2022-06-09", "city/dushanbe")]
    # Ministers who meet a president hold no ministerial meeting by that verb alone.
    extraction = run(tmp_path, "والتقى الرئيس الطاجيكي وزير الخارجية الروسي في دوشنبه أمس.")
    assert of_type(extraction, "MinisterialMeeting") == []


def test_someone_appointed_or_taking_office_is_an_appointment_but_a_border_fixed_is_not(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووافق القادة في قمتهم بموسكو يوم 16 مايو على تعيين فاليري سيميريكوف نائبا للأمين العام.",
        "وكان يوري خاتشاتوروف، الذي تولى منصبه عام 2017، قد غادر المنظمة.",
        "وناقش الوزيران تعيين الحدود بين قرغيزستان وطاجيكستان في مايو.",
        "وأشار إلى أن تعيين أمين عام جديد سيجري لاحقا.",   # no one named, no date: nothing
    )
    assert sorted(dated_places(extraction, "Appointment")) == [("2017", None), ("2022-05-16", "city/moscow")]


def test_a_crisis_named_with_its_country_is_unrest_but_a_risk_of_one_is_not(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وكانت أزمة كازاخستان أول مرة تنشر فيها المنظمة قواتها.",
        "وحذر الرئيس من خطر اندلاع أزمة إنسانية في أفغانستان.",
        "وتواجه المنظمة أزمة ثقة.",
    )
    assert [r.properties.get("location") for r in of_type(extraction, "Unrest")] == ["state/kazakhstan"]
    # A war or a conflict is unrest where في puts it, not what a nisba says about it.
    extraction = run(
        tmp_path,
        "وتطرق وزراء الدفاع إلى النزاع في طاجيكستان وانعكاساته على المنطقة.",
        "وانتقد الوزير التدخل الغربي في الصراع الأرمني.",
    )
    assert [r.properties.get("location") for r in of_type(extraction, "Unrest")] == ["state/tajikistan"]


def test_a_city_in_apposition_to_its_place_words_is_where_the_summit_is(tmp_path: Path) -> None:
    extraction = run(tmp_path, "تستضيف العاصمة الكازاخستانية، أستانا، اليوم الجمعة قمة قادة منظمة معاهدة الأمن الجماعي.")
    assert [(r.properties.get("location"), r.properties["startDate"].iso) for r in of_type(extraction, "Summit")] == [
        ("city/astana", "2022-06-10")
    ]


def test_a_plural_title_before_a_list_of_states_and_their_holders(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ويشارك في القمة رؤساء بيلاروس ألكسندر لوكاشينكو، وقيرغيزستان صدير جاباروف، وطاجيكستان إمام علي رحمون.",
    )
    assert set(_posts_of(extraction)) == {
        ("person/alexander-lukashenko", "post/president-of-belarus"),
        ("person/sadyr-japarov", "post/president-of-kyrgyzstan"),
        ("person/emomali-rahmon", "post/president-of-tajikistan"),
    }


def test_a_dual_or_plural_title_before_the_states_then_their_holders_in_the_same_order(tmp_path: Path) -> None:
    """"وزيرا خارجية روسيا وأرمينيا، سيرغي لافروف وأرارات ميرزويان": each state's holder by
    position, "في" before the states allowed; as many names as states, or none is read."""
    extraction = run(
        tmp_path,
        "والتقى وزيرا دفاع روسيا وبيلاروس، سيرغي شويغو وفيكتور خرينين، في مينسك أمس.",
        "وناقش الأمين العام مع أمناء مجالس الأمن في كازاخستان وطاجيكستان، ألكسندر ماكاروف ونصرالو محمود زوده، الوضع على الحدود.",
        "وحضر الجلسة رئيسا وزراء أرمينيا وقرغيزستان.",
    )
    posts = _posts_of(extraction)
    assert ("person/sergei-shoigu", "post/defence-minister-of-russia") in posts
    assert ("person/nasrullo-mahmudzoda", "post/security-council-secretary-of-tajikistan") in posts
    assert any(post == "post/security-council-secretary-of-kazakhstan" for _, post in posts)
    assert any(post == "post/defence-minister-of-belarus" for _, post in posts)
    assert not any(post.startswith("post/prime-minister-of") for _, post in posts)  # no names: no holders


def test_a_phrase_that_ends_with_a_proclitic_matches_it_joined_to_the_next_word(tmp_path: Path) -> None:
    """"اجتماعه ب" is written "اجتماعه بوزير …": the lexicon's phrases that end with ب or ل match
    the proclitic at the start of the next word; a phrase that ends with a whole word does not
    match inside a longer one."""
    from csto_kg.arabic import normalize_word
    from csto_kg.extract.matcher import PhraseIndex
    from csto_kg.extract.text import ArticleText

    index = PhraseIndex([(normalize_word("اجتماعه ب"), "talks"), (normalize_word("لقاء"), "meeting")])
    found = [(m.phrase, m.values) for m in index.find_all(ArticleText("خلال اجتماعه بوزير الخارجية ولقاءات أخرى"))]
    assert found == [(normalize_word("اجتماعه ب"), ("talks",))]
    extraction = run(tmp_path, "وقال إسلام كريموف في كلمة له خلال اجتماعه بوزير الخارجية الروسي سيرغي لافروف إن التعاون مستمر.")
    talks = of_type(extraction, "BilateralTalks")
    assert [t.properties["participant"] for t in talks] == [["person/islam-karimov", "person/sergey-lavrov"]]


def test_a_bare_phrase_matches_after_lam_and_the_article_and_its_meeting_is_the_topic_of_talks(tmp_path: Path) -> None:
    """"للاجتماع" is ل + ال + اجتماع: a phrase listed bare matches it, with the bare word's offsets,
    and not after another letter. The meeting talks discuss keeps its place and tense to itself;
    a purpose ("طلبا للانسحاب") is no exit."""
    from csto_kg.arabic import normalize_word
    from csto_kg.extract.matcher import PhraseIndex
    from csto_kg.extract.text import ArticleText

    index = PhraseIndex([(normalize_word("اجتماع"), "meeting")])
    text = ArticleText("استعدادات للاجتماع المقبل وللاجتماع كللاجتماع")
    found = [(text.text[m.start : m.end], m.first) for m in index.find_all(text)]
    assert found == [("اجتماع", 1), ("اجتماع", 3)]
    extraction = run(
        tmp_path,
        "وكان الرئيس الروسي فلاديمير بوتين قد بحث مع نظيره البيلاروسي ألكسندر لوكاشينكو هاتفيا التحضيرات"
        " للاجتماع المقبل لمجلس الأمن الجماعي في مينسك.",
    )
    talks = [(r.properties.get("location"), r.properties["eventStatus"]) for r in of_type(extraction, "BilateralTalks")]
    assert talks == [(None, "held")]
    assert dated_places(extraction, "Summit") == [(None, "city/minsk")]
    # The talks' date is theirs; the summit prepared for is yet to come.
    extraction = run(tmp_path, "وبحث الرئيس الروسي مع نظيره البيلاروسي هاتفيا أمس التحضيرات لقمة المنظمة في مينسك.")
    assert [(getattr(r.properties.get("startDate"), "iso", None), r.properties["eventStatus"]) for r in of_type(extraction, "Summit")] == [
        (None, "planned")
    ]
    assert dated_places(extraction, "BilateralTalks") == [("2022-06-09", None)]
    extraction = run(tmp_path, "ولم تقدم أرمينيا حتى الآن طلبا رسميا للانسحاب من منظمة معاهدة الأمن الجماعي.")
    assert [r for r in of_type(extraction, "Membership") if r.properties["membershipStatus"] == "withdrawn"] == []
    # "The meeting" in the words of one of two who met is their talks, not another meeting.
    extraction = run(
        tmp_path,
        "وقال وزير الخارجية الروسي سيرغي لافروف خلال لقائه مع الأمين العام للمنظمة تالاتبيك ماساديكوف في موسكو:"
        ' "للاجتماع أهمية عملية، بالنظر إلى تولي روسيا رئاسة المجلس هذا العام".',
    )
    assert of_type(extraction, "Meeting") == [] and len(of_type(extraction, "BilateralTalks")) == 1
    # "خلال لقائه الأمين العام …" with no مع: the one met follows.
    extraction = run(tmp_path, "وقال لافروف خلال لقائه الأمين العام للمنظمة ستانيسلاف زاس في موسكو أمس إن العلاقات جيدة.")
    assert dated_places(extraction, "BilateralTalks") == [("2022-06-09", "city/moscow")]


def test_a_meeting_convened_by_the_sentence_s_subject(tmp_path: Path) -> None:
    """"بحثت لجنة …، في اجتماع عقدته في أستانا، …": the verb after the meeting noun has the meeting
    as object and the committee named before as subject: the committee's meeting."""
    extraction = run(
        tmp_path,
        "ناقشت لجنة أمناء مجالس الأمن في منظمة معاهدة الأمن الجماعي، في اجتماع عقدته في أستانا أمس، الوضع على الحدود.",
    )
    meetings = [(r.properties.get("organizer"), r.properties.get("location")) for r in of_type(extraction, "MinisterialMeeting")]
    assert meetings == [("organization/csto-committee-of-secretaries-of-security-councils", "city/astana")]


def test_the_treaty_s_name_for_the_organization_and_a_membership_of_another(tmp_path: Path) -> None:
    """"دول معاهدة الأمن الجماعي" are the organization's states; freezing a membership "في منظمة"
    the reference data does not know is no CSTO fact, and the state after في is no subject."""
    extraction = run(
        tmp_path,
        "دعا الرئيس الروسي قادة دول معاهدة الأمن الجماعي إلى العمل المشترك.",
    )
    mentioned = {r.properties["refersTo"] for r in of_type(extraction, "Mention")}
    assert "organization/csto" in mentioned and "treaty/collective-security-treaty" not in mentioned
    extraction = run(
        tmp_path,
        "اعتذرت أوزبكستان عن حضور اجتماعات معاهدة الأمن الجماعي التي تبدأ اليوم في كازاخستان، بعد إعلانها"
        " تجميد عضويتها في منظمة «أوراسيا» الاقتصادية.",
    )
    assert of_type(extraction, "Membership") == []
    extraction = run(
        tmp_path,
        "تغيبت أرمينيا عن اجتماعات منظمة معاهدة الأمن الجماعي التي عقدت في كازاخستان، بعد إعلانها تجميد عضويتها.",
    )
    frozen = [(r.properties["member"], r.properties["membershipStatus"]) for r in of_type(extraction, "Membership")]
    assert frozen == [("state/armenia", "suspended")]


def test_a_headline_that_restates_the_lead_names_the_same_events(tmp_path: Path) -> None:
    """The title's undated visit and meeting are the lead's: one visit (to the state the lead
    names) and one ministerial meeting (the body's kind). The visit keeps the body's country; the
    meeting sat in the headline's city, which is in that country."""
    article = write_article(
        tmp_path,
        "أعلنت وزارة الدفاع الروسية أن وزير الدفاع سيرغي شويغو وصل في زيارة عمل إلى بيلاروس، حيث ينعقد"
        " اجتماع مجلس وزراء الدفاع في منظمة معاهدة الأمن الجماعي.",
        title="شويغو يصل إلى مينسك للمشاركة في اجتماع منظمة معاهدة الأمن الجماعي",
    )
    extraction = extract(article)
    assert dated_places(extraction, "Visit") == [(None, "state/belarus")]
    assert dated_places(extraction, "MinisterialMeeting") == [(None, "city/minsk")]
    assert of_type(extraction, "Meeting") == []


def test_a_summit_named_in_passing_is_one_summit_unless_the_article_states_another(tmp_path: Path) -> None:
    """ "قمة المنظمة" with neither date nor place is still the summit the article speaks of; beside a
    dated summit it is that one, not a second; inside what someone said it is none."""
    passing = run(tmp_path, "وتناولت قمة منظمة معاهدة الأمن الجماعي الوضع في أفغانستان وسبل دعم طاجيكستان.")
    assert dated_places(passing, "Summit") == [(None, None)]
    reported = run(tmp_path, "وأكد الرئيس الكازاخستاني أن قمة منظمة معاهدة الأمن الجماعي ستتناول الوضع في أفغانستان.")
    assert of_type(reported, "Summit") == []
    dated = run(
        tmp_path,
        "عقدت قمة منظمة معاهدة الأمن الجماعي أمس في يريفان.",
        "وتناولت قمة المنظمة الوضع في أفغانستان.",
    )
    assert dated_places(dated, "Summit") == [("2022-06-09", "city/yerevan")]


def test_unrest_referred_to_again_in_another_country_is_another_and_a_crisis_is_where_fi_places_it(tmp_path: Path) -> None:
    """ "الاضطرابات التي تشهدها كازاخستان" after "الأزمة الأوكرانية" is not that crisis again; "بداية
    الأزمة في قرغيزستان": في after the crisis says where it is (a topic noun only when another
    word heads it)."""
    two = run(
        tmp_path,
        "وتطرق المشاركون إلى الأزمة الأوكرانية وتداعياتها على المنطقة.",
        "كما تابعوا الجهود الرامية لاحتواء الاضطرابات التي تشهدها كازاخستان منذ أيام.",
    )
    assert sorted(place for _, place in dated_places(two, "Unrest")) == ["state/kazakhstan", "state/ukraine"]
    placed = run(tmp_path, "ودعت المنظمة إلى التهدئة مع بداية الأزمة في قرغيزستان وتوالي الأنباء عن الضحايا.")
    assert dated_places(placed, "Unrest") == [(None, "state/kyrgyzstan")]


def test_forces_sent_past_a_long_name_and_military_aircraft_arriving_are_deployments(tmp_path: Path) -> None:
    """The troop word is counted in words, a name as one ("أرسلت روسيا، بطلب من الرئيس قاسم جومارت
    توكاييف، قوات"); military aircraft landing carry forces, not a visit."""
    sent = run(tmp_path, "وأرسلت موسكو، بطلب من الرئيس قاسم جومارت توكاييف، قوات خاصة إلى كازاخستان.")
    assert dated_places(sent, "Deployment") == [(None, "state/kazakhstan")]
    flown = run(tmp_path, "وقالت الوزارة إن ثماني طائرات نقل عسكرية وصلت إلى طاجيكستان لنقل الوحدات المشاركة.")
    assert dated_places(flown, "Deployment") == [(None, "state/tajikistan")]
    assert of_type(flown, "Visit") == []


def test_a_name_split_by_a_space_a_rank_before_a_name_and_an_envoy_s_posting(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال فلاديمير زين يتدينوف، المتحدث باسم منظمة معاهدة الأمن الجماعي، إن الأمانة تتابع الوضع.",
        "وأوضح الفريق أول سيرغي روداكوف رئيس هيئة الأركان العامة البيلاروسية أن الاستعدادات مكتملة.",
        "وذكر القائم بأعمال كازاخستان في مصر، تيمور بيكوف، أن السفارة تلقت الدعوة.",
        "وصرح المتحدث الإعلامي باسم وزارة الدفاع الطاجيكية، رستم نظروف، بأن الوحدات جاهزة.",
    )
    assert posts_of(extraction) >= {
        ("person/vladimir-zainetdinov", "post/spokesperson-of-csto"),
        ("person/syrghy-rwdakwf", "post/chief-of-general-staff-of-belarus"),
        ("person/tymwr-bykwf", "post/charge-d-affaires-of-kazakhstan"),
        ("person/rstm-nzrwf", "post/spokesperson-of-tajikistan-ministry-of-defence"),
    }


def test_a_surname_two_known_people_share_after_a_president_s_title_is_the_head_of_that_state(tmp_path: Path) -> None:
    extraction = run(tmp_path, "والتقى الرئيس الروسي فلاديمير بوتين رئيس قرغيزستان جاباروف على هامش القمة.")
    assert ("person/sadyr-japarov", "post/president-of-kyrgyzstan") in posts_of(extraction)


def test_a_title_s_holder_described_by_a_relative_clause_then_the_name_and_talks_before_the_speaker(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "عقب لقائه مع الرئيس الطاجيكي إمام علي رحمن في دوشنبه، أعلن الأمين العام لمنظمة معاهدة الأمن الجماعي، "
        "التي تضم ست دول، إيمانغالي تاسماغامبيتوف أن الحدود الجنوبية أولوية.",
    )
    assert ("person/imangali-tasmagambetov", "post/secretary-general-of-csto") in posts_of(extraction)
    (talks,) = of_type(extraction, "BilateralTalks")
    assert set(talks.properties["participant"]) == {"person/imangali-tasmagambetov", "person/emomali-rahmon"}
    assert talks.properties["location"] == "city/dushanbe"


def test_interior_and_emergency_ministers_and_a_chief_of_staff_of_the_armed_forces(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال وزير الداخلية الكازاخستاني إرلان تورغومباييف إن الوضع تحت السيطرة.",
        "وأوضح رئيس أركان القوات المسلحة الأرمينية إدوارد أسريان أن الجيش جاهز.",
        "وقال وزير الطوارئ الكازاخستاني يوري إيلين إن فرق الإنقاذ وصلت.",
    )
    assert {post for _, post in posts_of(extraction)} == {
        "post/interior-minister-of-kazakhstan",
        "post/chief-of-general-staff-of-armenia",
        "post/emergency-minister-of-kazakhstan",
    }
