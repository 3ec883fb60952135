"""Statements: who said something, when and where, read from sentences written for these tests.

A statement is an event with a speaker (csto:speaker, a person, organisation, ministry or state).
What was said stays in the evidence span: its dates and places are not the statement's, and a news
agency that reports is a source, not a speaker. Articles are dated Friday 10 June 2022.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csto_kg.extract.facts import Extraction
from tests.test_patterns import assert_evidence_in_body, dated_places, of_type, requests_of, run


def statements(extraction: Extraction) -> dict[str, tuple[str | None, str | None]]:
    """speaker -> (date, place) of every statement."""
    found = {}
    for item in of_type(extraction, "Statement"):
        date = item.properties.get("startDate")
        found[item.properties["speaker"]] = (date.iso if date else None, item.properties.get("location"))
    return found


def minted_person(extraction: Extraction, label: str) -> str:
    """The id of the one person the article introduces under the Arabic name `label`."""
    people = [r.id for r in of_type(extraction, "Person") if r.properties.get("labelAr") == label]
    assert len(people) == 1, people
    return people[0]


def test_speaker_after_the_verb_with_a_title_and_a_dash(tmp_path: Path) -> None:
    extraction = run(tmp_path, "صرح الرئيس الروسي - فلاديمير بوتين، اليوم الجمعة في موسكو، بأن التعاون العسكري مستمر.")
    assert statements(extraction) == {"person/vladimir-putin": ("2022-06-10", "city/moscow")}
    assert_evidence_in_body(extraction)


def test_a_date_and_place_inside_what_was_said_are_not_the_statement_s(tmp_path: Path) -> None:
    extraction = run(tmp_path, "أكد وزير الخارجية الروسي، سيرغي لافروف، أن الاجتماع المقبل سيعقد في يريفان في عام 2023.")
    assert statements(extraction) == {"person/sergey-lavrov": (None, None)}


def test_a_ministry_and_an_organisation_speak_but_a_news_agency_reports(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "أعلنت وزارة الخارجية الكازاخستانية أمس الخميس أن وفد منظمة معاهدة الأمن الجماعي غادر أستانا.",
        "وأكدت المنظمة في بيان أن قواتها أنهت التدريبات. وذكرت وكالة تاس أن القادة ناقشوا الوضع.",
    )
    assert statements(extraction) == {
        "organization/kazakhstan-ministry-of-foreign-affairs": ("2022-06-09", None),
        "organization/csto": (None, None),
    }


def test_subject_before_the_verb_past_a_particle(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وكان المتحدث باسم الكرملين، دميتري بيسكوف، قد صرح في وقت سابق بأن موسكو تتابع الوضع.")
    assert statements(extraction) == {"person/dmitry-peskov": (None, None)}


def test_a_statement_made_at_a_summit_takes_its_date_and_place(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "عقدت قمة منظمة معاهدة الأمن الجماعي أمس الخميس في مينسك.",
        "وقال رئيس قرغيزستان صدير جاباروف في كلمته أمام القمة إن الدول الأعضاء اتفقت على تعزيز التعاون.",
    )
    assert statements(extraction) == {"person/sadyr-japarov": ("2022-06-09", "city/minsk")}


SESSION = "وقال الرئيس الروسي فلاديمير بوتين خلال فعاليات الجلسة إن المنظمة أثبتت فاعليتها."
COUNCIL_IN_MOSCOW = "وكان مجلس الأمن الجماعي قد عقد اجتماعه في موسكو يوم 16 مايو 2022."
MINISTERS_IN_YEREVAN = "ويعقد وزراء الخارجية اجتماعهم في يريفان يوم 10 يونيو 2022."


@pytest.mark.parametrize(
    ("paragraphs", "speaker", "said"),
    [
        pytest.param((SESSION, COUNCIL_IN_MOSCOW), "person/vladimir-putin", ("2022-05-16", "city/moscow"), id="the-one-dated-meeting"),
        # With two dated meetings in the article, "the session" could be either: no date.
        pytest.param((SESSION, COUNCIL_IN_MOSCOW, MINISTERS_IN_YEREVAN), "person/vladimir-putin", (None, None), id="two-meetings"),
        # The opening speech is given at the meeting the article reports.
        pytest.param(
            ("انطلقت اليوم قمة منظمة معاهدة الأمن الجماعي في مينسك.", "وقال الرئيس البيلاروسي ألكسندر لوكاشينكو في كلمته الافتتاحية إن المنظمة قوية."),
            "person/alexander-lukashenko", ("2022-06-10", "city/minsk"), id="opening-speech",
        ),
        # A meeting still to come is no session anything was said at.
        pytest.param(
            (
                "وقال الرئيس الروسي فلاديمير بوتين خلال فعاليات القمة إن المنظمة أثبتت فاعليتها.",
                "ومن المقرر أن يعقد مجلس الأمن الجماعي دورته المقبلة في موسكو يوم 11 نوفمبر 2022.",
            ),
            "person/vladimir-putin", (None, None), id="a-meeting-to-come",
        ),
    ],
)
def test_a_statement_at_the_session_before_the_article_names_it_takes_the_one_meeting_s_date(
    tmp_path: Path, paragraphs: tuple[str, ...], speaker: str, said: tuple[str | None, str | None]
) -> None:
    assert statements(run(tmp_path, *paragraphs))[speaker] == said


def test_ministers_holding_their_meeting_hold_a_ministerial_meeting(tmp_path: Path) -> None:
    extraction = run(tmp_path, SESSION, COUNCIL_IN_MOSCOW, MINISTERS_IN_YEREVAN)
    assert ("2022-06-10", "city/yerevan") in {
        (e.properties["startDate"].iso, e.properties.get("location")) for e in of_type(extraction, "MinisterialMeeting")
    }


def test_what_a_statement_of_an_organization_says_and_according_to_what_it_announced(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وجاء في بيان صادر عن وزارة الخارجية الروسية أن الوضع مستقر.",
        "وانتهت المناورات أمس، وفق ما أعلنته الأمانة العامة لمنظمة معاهدة الأمن الجماعي.",
    )
    assert set(statements(extraction)) == {
        "organization/russia-ministry-of-foreign-affairs",
        "organization/csto-secretariat",
    }


def test_where_something_was_said_is_not_where_the_event_it_reports_takes_place(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال القائم بالأعمال، في تصريح صحفي من السفارة في واشنطن، إن القمة ستعقد في 30 تشرين الثاني المقبل.",
    )
    summits = [(e.properties["startDate"].iso, e.properties.get("location")) for e in of_type(extraction, "Summit")]
    assert summits == [("2022-11-30", None)]


def test_whom_a_report_quotes_is_the_speaker_not_the_agency(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ونقلت وكالة تاس عن وزير الخارجية الروسي سيرغي لافروف قوله إن الاجتماع مهم.",
        "كما نقلت وكالة فرانس برس عن وزارة الدفاع القرغيزية قولها إن التدريبات ستجري في موعدها.",
    )
    assert set(statements(extraction)) == {"person/sergey-lavrov", "organization/kyrgyzstan-ministry-of-defence"}
    # The title after the quoted name, closed by its organization, describes that person.
    extraction = run(
        tmp_path,
        "ونقلت الوكالة عن الفريق، يوري خاتشاتوروف، الأمين العام لمنظمة معاهدة الأمن الجماعي، قوله إن الوضع مستقر.",
    )
    assert set(statements(extraction)) == {"person/yuri-khachaturov"}


def test_a_summit_named_as_where_something_was_said_is_an_event_even_undated(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وقال الرئيس الروسي فلاديمير بوتين خلال قمة منظمة معاهدة الأمن الجماعي إن التعاون يتعزز.")
    assert len(of_type(extraction, "Summit")) == 1
    # In what was said it is no occasion: "قال إن قمة المنظمة …" names no event of its own here.
    extraction = run(tmp_path, "وقال الرئيس الروسي فلاديمير بوتين إن قمة منظمة معاهدة الأمن الجماعي مهمة.")
    assert of_type(extraction, "Summit") == []
    # With the article's summit dated elsewhere, it is that one.
    extraction = run(
        tmp_path,
        "وعقدت قمة منظمة معاهدة الأمن الجماعي في موسكو يوم 16 مايو 2022.",
        "وقال الرئيس الروسي فلاديمير بوتين خلال قمة منظمة معاهدة الأمن الجماعي إن التعاون يتعزز.",
    )
    assert [(e.properties["startDate"].iso, e.properties["location"]) for e in of_type(extraction, "Summit")] == [
        ("2022-05-16", "city/moscow")
    ]


def test_a_meeting_during_or_beside_which_anything_was_done_is_an_event_even_undated(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قدم الرئيس الروسي فلاديمير بوتين، خلال قمة منظمة معاهدة الأمن الجماعي، رؤية شاملة للأمن.",
        "وتبادل الوزراء الآراء على هامش اجتماع مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي.",
    )
    assert [e.properties["eventStatus"] for e in of_type(extraction, "Summit", "MinisterialMeeting")] == ["held", "held"]
    # A summit one hopes will discuss something is no occasion of anything yet.
    extraction = run(tmp_path, "وتأمل أرمينيا أن تناقش قمة منظمة معاهدة الأمن الجماعي الوضع.")
    assert of_type(extraction, "Summit") == []


def test_a_press_office_speaks_for_the_body_named_after_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وذكرت الخدمة الصحفية لمنظمة معاهدة الأمن الجماعي أن القوات وصلت.",
        "كما ذكر المكتب الصحفي لوزارة الدفاع الروسية في بيان أن الوحدات بدأت تدريبات.",
    )
    assert set(statements(extraction)) == {"organization/csto", "organization/russia-ministry-of-defence"}


def test_one_statement_per_speaker_and_occasion(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "قال وزير الخارجية الروسي سيرغي لافروف اليوم الجمعة إن المشاورات مفيدة. وأضاف لافروف أن الحوار مستمر. وشدد لافروف على أهمية التنسيق.",
    )
    assert len(of_type(extraction, "Statement")) == 1
    assert statements(extraction) == {"person/sergey-lavrov": ("2022-06-10", None)}


def test_no_statement_where_nobody_speaks(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "تعتبر منظمة معاهدة الأمن الجماعي تحالفا عسكريا إقليميا.",  # "is considered": nobody speaks
        "ولم يعلن الكرملين موعد الزيارة المقبلة.",  # a denial: nothing was announced
        "وقال في ختام حديثه إن الأمن مسؤولية مشتركة.",  # no named speaker: nothing to attribute
        "ودعت وزارة الدفاع الكازاخستانية ملحقين عسكريين من عشر دول لحضور المناورات.",  # invited
    )
    assert statements(extraction) == {}
    # A call says what it calls for, however far in its sentence.
    extraction = run(
        tmp_path,
        "ودعت وزارة الخارجية الأرمينية، في بيان نشرته مساء الخميس على موقعها الرسمي، الطرفين إلى ضبط النفس.",
    )
    assert statements(extraction) == {"organization/armenia-ministry-of-foreign-affairs": ("2022-06-09", None)}


def test_what_a_speaker_hopes_for_is_no_fact(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وقال بيسكوف إن موسكو تنتظر عودة أرمينيا إلى عضوية المنظمة.")
    assert statements(extraction) == {"person/dmitry-peskov": (None, None)}
    assert of_type(extraction, "Membership") == []


def test_an_organization_inside_what_was_said_or_a_title_is_no_speaker(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        'وقال: "أصبحت منظمة معاهدة الأمن الجماعي أكثر فعالية".',  # inside the quotation
        "جدير بالذكر أن منظمة معاهدة الأمن الجماعي تضم ست دول.",  # بالذكر: a noun
        "وأوضح أحد الأعضاء في منظمة معاهدة الأمن الجماعي يقول إن الحوار مستمر.",  # a complement, not the subject
    )
    assert statements(extraction) == {}


def test_a_title_after_the_verb_speaks_through_the_person_set_off_after_it(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "بدوره أكد رئيس منظمة معاهدة الأمن الجماعي، رئيس الوزراء الأرميني نيكول باشينيان، أن القوات ستبقى أسبوعين.",
    )
    assert statements(extraction) == {"person/nikol-pashinyan": (None, None)}


def test_a_coordinated_verb_does_not_take_the_name_before_it_as_its_speaker(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وصل الوفد إلى مقر منظمة معاهدة الأمن الجماعي، وتؤكد القمة أهمية الحوار.")
    assert "organization/csto" not in statements(extraction)


def test_a_speaker_titled_secretary_general_in_another_word_and_a_day_set_off_by_commas(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وأعلن سكرتير عام منظمة معاهدة الأمن الجماعي ستانيسلاف زاس، الخميس، أن المنظمة لا تعتبر الحلف عدوا.")
    assert statements(extraction) == {"person/stanislav-zas": ("2022-06-09", None)}
    posts = {(p.properties["role"], p.properties["postIn"]) for p in of_type(extraction, "Post")}
    assert ("role/secretary-general", "organization/csto") in posts


def test_a_date_led_back_by_wa_dhalika_dates_the_saying(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "أكد الأمين العام لمنظمة معاهدة الأمن الجماعي إيمانغالي تاسماغامبيتوف، في مقال نشر في مجلة، "
        "أن المنظمة تتعامل بفعالية مع التحديات، وذلك اليوم الجمعة.",
    )
    assert statements(extraction) == {"person/imangali-tasmagambetov": ("2022-06-10", None)}


def test_wa_dhalika_leads_back_an_occasion_and_its_date_to_the_saying(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "صرح نائب الأمين العام لمنظمة معاهدة الأمن الجماعي فاليري سيميريكوف بأن الوضع على الحدود هادئ، "
        "وذلك خلال اجتماع لمجلس وزراء الدفاع للمنظمة، يوم الخميس 9 يونيو 2022.",
    )
    assert statements(extraction) == {"person/valery-semerikov": ("2022-06-09", None)}
    assert dated_places(extraction, "MinisterialMeeting") == [("2022-06-09", None)]


def test_a_quoted_name_after_the_verb_opens_no_report(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وصرح رئيس هيئة الأركان المشتركة للمنظمة أناتولي سيدوروف في ندوة نظمها مركز \"الحوار الأوراسي\" "
        "أمس الخميس بأن التدريبات ستجري في الخريف.",
    )
    assert statements(extraction) == {"person/anatoly-sidorov": ("2022-06-09", None)}


def test_a_state_s_leader_is_its_president(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "حث الرئيس الطاجيكي إمام علي رحمان دول المنظمة على تعزيز الحدود.",
        "وفي خطابه بالقمة التي استضافتها موسكو يوم 16 مايو 2022، حذر الزعيم الطاجيكي من أن الحدود الجنوبية تحتاج إلى حماية.",
    )
    assert statements(extraction) == {"person/emomali-rahmon": ("2022-05-16", "city/moscow")}


def test_a_verb_of_saying_with_no_subject_is_said_by_the_person_the_sentence_opens_with(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "التقى الرئيس الكازاخي قاسم جومارت توكاييف أمس الخميس الأمين العام للمنظمة في أستانا، حيث قال إن بلاده تدعم جهود المنظمة.",
        "وشكر رئيس الوزراء الأرميني نيكول باشينيان الحلفاء بعد أن دعا إلى الحوار.",
    )
    assert statements(extraction) == {"person/kassym-jomart-tokayev": ("2022-06-09", "city/astana")}


def test_a_media_service_speaks_for_its_ministry_and_the_ministry_named_again_speaks(tmp_path: Path) -> None:
    extraction = run(tmp_path, "أفادت الخدمة الإعلامية لوزارة الدفاع الطاجيكية، الخميس، بأن التدريبات بدأت.")
    assert statements(extraction) == {"organization/tajikistan-ministry-of-defence": ("2022-06-09", None)}
    extraction = run(
        tmp_path,
        "شاركت وزارة الدفاع الطاجيكية في التحضير للتدريبات.",
        "وجاء في بيان الوزارة، الخميس، أن القوات جاهزة.",
    )
    assert statements(extraction) == {"organization/tajikistan-ministry-of-defence": ("2022-06-09", None)}


def test_a_statement_about_what_was_just_told_takes_its_day(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "التقى وزير الدفاع الطاجيكي شير علي ميرزو أمس الخميس الأمين العام للمنظمة إيمانغالي تاسماغامبيتوف في دوشنبه.",
        "وذكرت وزارة الدفاع الطاجيكية في بيان بهذا الشأن أن الطرفين ناقشا الوضع على الحدود.",
    )
    assert statements(extraction) == {"organization/tajikistan-ministry-of-defence": ("2022-06-09", None)}
    extraction = run(
        tmp_path,
        "التقى وزير الدفاع الطاجيكي شير علي ميرزو أمس الخميس الأمين العام للمنظمة إيمانغالي تاسماغامبيتوف في دوشنبه.",
        "وذكرت وزارة الدفاع الطاجيكية في بيان أن الطرفين ناقشا الوضع على الحدود.",
    )
    assert statements(extraction) == {"organization/tajikistan-ministry-of-defence": (None, None)}


def test_a_new_person_named_again_by_surname_speaks_and_what_is_stressed_is_not_dated_for_the_saying(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "واتهم نائب وزير الدفاع الطاجيكي رستم نظروف الجماعات المسلحة بالتسلل.",
        "وصرح نظروف للصحفيين بأن الحدود آمنة.",
        "وشدد نظروف على أهمية القرار الذي اتخذه مجلس الأمن الجماعي في 23 سبتمبر 2013.",
    )
    speaker = minted_person(extraction, "رستم نظروف")
    assert statements(extraction) == {speaker: (None, None)}
    # A minted name that does not end like a surname is not looked for alone.
    extraction = run(tmp_path, "وقال المتحدث يبحث قضايا إن الاجتماع مهم. وقضايا الأمن كثيرة.")
    assert [r for r in of_type(extraction, "Mention") if r.evidence and r.evidence[0].rule == "minted-surname"] == []


def test_a_statement_s_author_glued_to_its_proclitic(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وجاء في بيان لوزارة الدفاع الكازاخستانية أن القوات جاهزة.")
    assert statements(extraction) == {"organization/kazakhstan-ministry-of-defence": (None, None)}


def test_writing_is_saying(tmp_path: Path) -> None:
    extraction = run(tmp_path, "وكتب نائب رئيس مجلس الأمن الروسي دميتري ميدفيديف على قناته في تلغرام أن المنظمة باقية.")
    assert statements(extraction) == {"person/dmitry-medvedev": (None, None)}


def test_describing_revealing_and_blaming_are_statements(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووصفت وزارة الخارجية الأذربيجانية لجوء يريفان إلى المنظمة بأنه تسييس للأزمة.",
        "وكشفت وزارة الدفاع الأرمينية أن القصف استهدف مواقع حدودية.",
        "وحملت وزارة الخارجية الروسية كييف المسؤولية عن التصعيد.",
        "وحملت طائرات النقل العسكرية معدات طبية إلى المطار.",  # carried: no one speaks
    )
    assert set(statements(extraction)) == {
        "organization/azerbaijan-ministry-of-foreign-affairs",
        "organization/armenia-ministry-of-defence",
        "organization/russia-ministry-of-foreign-affairs",
    }


def test_a_military_district_named_with_its_state_s_nisba_inside_speaks(tmp_path: Path) -> None:
    extraction = run(tmp_path, "أعلنت المنطقة العسكرية الروسية الوسطى أن نحو ألفي عسكري سيشاركون في المناورات.")
    assert set(statements(extraction)) == {"organization/russia-central-military-district"}


def test_ministries_of_health_interior_and_emergencies_speak_as_their_state_s(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "أعلنت وزارة الصحة الكازاخستانية مقتل عشرات الأشخاص خلال الاضطرابات.",
        "وقالت وزارة الداخلية الروسية إن الوضع هادئ.",
        "وأكدت وزارة الطوارئ القرغيزية أن فرق الإنقاذ وصلت إلى المنطقة.",
    )
    assert set(statements(extraction)) == {
        "organization/kazakhstan-ministry-of-health",
        "organization/russia-ministry-of-interior",
        "organization/kyrgyzstan-ministry-of-emergency-situations",
    }


def test_other_bodies_of_a_state_speak_as_its_agencies(tmp_path: Path) -> None:
    """A border service, a general staff, a presidential office (lexicon state_bodies with class
    StateAgency): minted as csto:StateAgency of their state."""
    extraction = run(
        tmp_path,
        "وذكرت دائرة الحدود في طاجيكستان أن الهدوء عاد إلى المنطقة.",
        "وأعلنت هيئة الأركان العامة البيلاروسية أن المناورات ستستمر.",
        "وأكد مكتب الرئيس الأرميني أن اللقاء كان بناء.",
    )
    assert set(statements(extraction)) == {
        "organization/tajikistan-border-service",
        "organization/belarus-general-staff",
        "organization/armenia-presidential-administration",
    }
    agencies = {r.id: r.properties for r in extraction.records if r.type == "StateAgency"}
    assert agencies["organization/belarus-general-staff"]["agencyOf"] == "state/belarus"
    assert agencies["organization/armenia-presidential-administration"]["labelEn"] == "Presidential Administration of Armenia"
    # "الرئاسة" is an office only as a speaker: a country's presidency of the organization is not one.
    extraction = run(
        tmp_path,
        "وأعلنت الرئاسة الكازاخستانية أن القمة ستعقد في الموعد.",
        "وتعهد الوزير بدعم الرئاسة الأرمينية خلال العام المقبل.",
    )
    assert {r.id for r in extraction.records if r.type == "StateAgency"} == {"organization/kazakhstan-presidential-administration"}


def test_a_speaker_set_off_after_a_title_that_ends_in_an_organization_s_name(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال رئيس الأركان المشتركة لمنظمة معاهدة الأمن الجماعي، العقيد أناتولي سيدوروف، خلال مراسم انطلاق التدريب إن الوضع معقد.",
    )
    assert set(statements(extraction)) == {"person/anatoly-sidorov"}


@pytest.mark.parametrize(
    "text",
    [
        # the summit named before the verb of saying
        "وفي القمة الموسعة للمنظمة، أعلن الرئيس الروسي فلاديمير بوتين أن بلاده ستركز خلال رئاستها للمنظمة"
        " في عام 2026 على الدفاع الجوي.",
        # the summit named between the verb and what it reports
        "وأكد الرئيس الروسي فلاديمير بوتين خلال القمة الموسعة للمنظمة أن رئاسة بلاده للمنظمة في عام 2026"
        " ستركز على الدفاع الجوي.",
    ],
)
def test_a_year_in_what_is_reported_at_a_summit_dates_neither_the_saying_nor_the_summit(tmp_path: Path, text: str) -> None:
    """A year in what a speaker announces at a summit is the topic's: the statement is not dated by
    it, nor the summit, which is then neither dated nor placed: the summit named in passing, not
    one of 2026."""
    extraction = run(tmp_path, text)
    assert statements(extraction) == {"person/vladimir-putin": (None, None)}
    assert dated_places(extraction, "Summit") == [(None, None)]


def test_today_in_a_quote_at_a_meeting_is_the_day_the_meeting_was_held(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        'وخلال اجتماع مجلس وزراء الدفاع في ألماتي، قال وزير الدفاع الروسي أندريه بيلاوسوف: "أوافق على التقييمات'
        ' التي سمعناها اليوم".',
    )
    assert dated_places(extraction, "MinisterialMeeting") == [("2022-06-10", "city/almaty")]


def test_a_new_name_set_off_by_commas_after_a_title_keeps_its_third_word_even_after_an_unknown_nisba(tmp_path: Path) -> None:
    """A name closed by a comma after its title is the speaker whole, three words and all; a
    nationality the reference data does not know (البرتغالي) still stands between the title and
    that name; with no comma after it, a verbal noun after such a nisba is nobody's name."""
    extraction = run(tmp_path, "وقال وزير الخارجية البرتغالي، جواو غوميز كرافينيو، إن بلاده تتابع الوضع في المنطقة.")
    assert statements(extraction) == {minted_person(extraction, "جواو غوميز كرافينيو"): (None, None)}
    extraction = run(tmp_path, "ما دفع الرئيس البرتغالي لفرض حالة الطوارئ في البلاد.")
    assert of_type(extraction, "Person") == []


def test_min_al_muqarrar_an_opens_no_report_and_a_quoted_name_is_no_quote(tmp_path: Path) -> None:
    """"من المقرر أن" opens no report, and a quoted name is no quote: the drills keep the month
    that follows."""
    extraction = run(
        tmp_path,
        'وأعلنت وزارة الدفاع الروسية، اليوم الجمعة، عن مشاركة 600 جندي في مناورات من المقرر أن تجريها دول'
        ' "منظمة معاهدة الأمن الجماعي" خلال شهر سبتمبر القادم قرب مدينة أوش.',
    )
    assert dated_places(extraction, "MilitaryExercise") == [("2022-09", "city/osh")]


def test_a_known_given_name_written_without_its_hamza_starts_a_new_name(tmp_path: Path) -> None:
    """"الكسندر" is ألكسندر (a given name of people the reference data knows) without its hamza,
    not a word with the article: it starts the name of a person nobody has listed."""
    extraction = run(tmp_path, "وقال وزير الدفاع الروسي الكسندر لابين إن التدريبات كانت ناجحة.")
    assert statements(extraction) == {minted_person(extraction, "الكسندر لابين"): (None, None)}


def test_an_official_or_a_source_in_a_ministry_speaks_for_it_and_attribution_names_its_speaker_after(tmp_path: Path) -> None:
    """An unnamed official or source in a ministry is the ministry speaking, whether the verb
    comes first or a report quotes it ("عن مصدر في الوزارة قوله"); "بحسب <speaker>" attributes
    what follows to the one named right after it, never to a noun before the comma."""
    extraction = run(
        tmp_path,
        "وأوضح مسؤول في وزارة الدفاع الطاجيكية أن الوحدات وصلت إلى الميدان.",
        "ونقلت الوكالة عن مصدر دبلوماسي في وزارة الخارجية الروسية قوله إن الاجتماع تأجل.",
        "وبحسب وزارة الدفاع الكازاخستانية، فإن الطائرات أقلعت صباحا.",
    )
    assert set(statements(extraction)) == {
        "organization/tajikistan-ministry-of-defence",
        "organization/russia-ministry-of-foreign-affairs",
        "organization/kazakhstan-ministry-of-defence",
    }
    extraction = run(tmp_path, "ووقعت اشتباكات على الحدود بين قرغيزستان وطاجيكستان، بحسب ما ذكره تقرير لحرس الحدود.")
    assert statements(extraction) == {}


def test_a_short_surname_alone_and_a_known_name_right_after_a_title_s_organization(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال زاس للصحفيين، اليوم الجمعة، إن قوات المنظمة جاهزة.",
        "وصرح رئيس الأركان المشتركة لمنظمة معاهدة الأمن الجماعي أناتولي سيدوروف أمس بأن التدريبات ناجحة.",
    )
    assert statements(extraction) == {
        "person/stanislav-zas": ("2022-06-10", None),
        "person/anatoly-sidorov": ("2022-06-09", None),
    }


def test_a_date_in_a_clause_after_haythu_belongs_to_what_is_reported(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأشار الأمين العام للمنظمة إيمانغالي تاسماغامبيتوف إلى موقف الخارجية الأرمينية، حيث أعلنت في مايو أن "
        "الانسحاب ليس مطروحا.",
    )
    assert statements(extraction) == {"person/imangali-tasmagambetov": (None, None)}


def test_a_date_in_a_relative_clause_about_the_speaker_is_not_the_statement_s(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأعلنت منظمة معاهدة الأمن الجماعي، التي تترأسها كازاخستان هذا العام، أن قمتها المقبلة ستعقد في أستانا.",
        "وأكد الرئيس الروسي فلاديمير بوتين، اليوم الجمعة، أن الحوار مستمر.",
    )
    assert statements(extraction) == {"organization/csto": (None, None), "person/vladimir-putin": ("2022-06-10", None)}


def test_a_title_s_holder_after_a_proclitic_written_apart_and_a_quote(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        'وقال الأمين العام لـ "منظمة معاهدة الأمن الجماعي" ستانيسلاف زاس إن الوضع هادئ.',
        "ودعا الأمين العام لـ «مجلس الأمن الأرميني»، أرمين غريغوريان، إلى عقد اجتماع.",
    )
    assert statements(extraction) == {"person/stanislav-zas": (None, None), "person/armen-grigoryan": (None, None)}
    posts = {(r.properties["holder"], r.properties["post"]) for r in of_type(extraction, "Incumbency")}
    assert ("person/armen-grigoryan", "post/security-council-secretary-of-armenia") in posts


def test_a_side_named_by_its_nisba_speaks_and_asks_for_its_state(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأعلن الجانب الروسي أن المحادثات كانت مثمرة.",
        "وبناء على الطلب الذي وجهه الجانب الأرميني إلى مجلس الأمن الجماعي لتقديم المساعدة، أرسلت المنظمة بعثة.",
    )
    assert statements(extraction) == {"state/russia": (None, None)}
    assert requests_of(extraction) == {("state/armenia", "organization/csto-collective-security-council")}


def test_a_side_is_never_a_member_and_the_presidency_s_spokesperson_speaks_for_the_kremlin(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقالت منظمة معاهدة الأمن الجماعي إن الجانب الصيني عضو في منظمة شنغهاي.",
        "وقالت المنظمة إن الجانب الصيني عضو في المنظمة.",
        "وقال المتحدث باسم الرئاسة الروسية دميتري بيسكوف إن الوضع هادئ.",
    )
    assert not of_type(extraction, "Membership")  # "the Chinese side" is a party to talks, not a member
    posts = {(r.properties["holder"], r.properties["post"]) for r in of_type(extraction, "Incumbency")}
    assert posts == {("person/dmitry-peskov", "post/spokesperson-of-kremlin")}


def test_a_headline_s_verb_takes_what_was_said_as_object_and_its_date_with_it(tmp_path: Path) -> None:
    """"بوتين يؤكد تعزيز المنظمة خلال رئاسة روسيا لها في 2026": in a headline the verb's object is
    what was said, no أن between; its year is not when it was said ("اليوم" would be)."""
    from csto_kg.extract.facts import extract
    from tests.test_patterns import write_article

    article = write_article(
        tmp_path,
        "وقال الرئيس الروسي إن بلاده ستعمل على تطوير المنظمة.",
        title="بوتين يؤكد تعزيز منظمة معاهدة الأمن الجماعي خلال رئاسة روسيا لها في 2026",
    )
    dates = {getattr(s.properties.get("startDate"), "iso", None) for s in of_type(extract(article), "Statement")}
    assert "2026" not in dates
    # An excerpt without a headline: its first paragraph, a sentence, is no headline.
    article = write_article(
        tmp_path,
        "وقال الرئيس الروسي إن بلاده ستعمل على تطوير المنظمة.",
        title="أعلن الأمين العام لمنظمة معاهدة الأمن الجماعي ستانيسلاف زاس، يوم الأربعاء، أن المنظمة لا تعتبر أي دولة عدوا لها.",
    )
    said = {s.properties["speaker"]: getattr(s.properties.get("startDate"), "iso", None) for s in of_type(extract(article), "Statement")}
    assert said["person/stanislav-zas"] == "2022-06-08"


def test_the_sentence_after_a_statement_says_where_it_was_made(tmp_path: Path) -> None:
    """ "وجاءت تصريحاته خلال …": the next sentence names the occasion, and dates and places the
    statement; one that names a cause ("وجاء ذلك بعد …") does not."""

    def said(*paragraphs: str) -> list[tuple[str, str | None, str | None]]:
        extraction = run(tmp_path, *paragraphs)
        return [
            (r.properties["speaker"], getattr(r.properties.get("startDate"), "iso", None), r.properties.get("location"))
            for r in extraction.records if r.type == "Statement"
        ]

    assert said("وحذر رئيس بيلاروسيا ألكسندر لوكاشينكو من تصاعد التوتر. وجاء ذلك خلال قمة المنظمة المنعقدة أمس في يريفان.") == [
        ("person/alexander-lukashenko", "2022-06-09", "city/yerevan")
    ]
    assert said("وحذر رئيس بيلاروسيا ألكسندر لوكاشينكو من تصاعد التوتر. وجاء ذلك بعد مناورات أجريت أمس في بريست.") == [
        ("person/alexander-lukashenko", None, None)
    ]


def test_an_organization_after_a_headline_s_present_verb_is_its_object(tmp_path: Path) -> None:
    """ "رئيس قرغيزستان يدعو المنظمة إلى …": the headline's subject stands before its verb; the
    organization after it is whom he calls on, not a speaker."""
    from csto_kg.extract.facts import extract
    from tests.test_patterns import write_article

    article = write_article(
        tmp_path, "وعبر الرئيس عن قلق بلاده من الوضع الأمني.", title="رئيس قرغيزستان يدعو منظمة معاهدة الأمن الجماعي إلى اليقظة"
    )
    speakers = [r.properties["speaker"] for r in extract(article).records if r.type == "Statement"]
    assert "organization/csto" not in speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a title heading something, then a rank and a nisba, then the name
        ("وقال قائد بعثة المنظمة في كازاخستان الجنرال الروسي أندريه سيرديوكوف إن المهمة أنجزت.", "person/andrei-serdyukov"),
        # a title, an honorific and the title again
        ("وشدد رئيس الدولة فخامة الرئيس إمام علي رحمان على أن بلاده تتابع الوضع.", "person/emomali-rahmon"),
        # a title with no holder right before the name
        ("وأشار الوزير لافروف إلى أن المحادثات كانت مثمرة.", "person/sergey-lavrov"),
    ],
)
def test_titles_in_a_row_after_the_verb_end_at_the_speaker(tmp_path: Path, text: str, speaker: str) -> None:
    assert set(statements(run(tmp_path, text))) == {speaker}


def test_a_run_of_titles_stops_where_what_was_said_begins(tmp_path: Path) -> None:
    """ "قال رئيس الوزراء إن الرئيس بوتين …": the title's holder is not said; the name past إن is
    what was said."""
    extraction = run(tmp_path, "وقال رئيس الوزراء إن الرئيس الروسي فلاديمير بوتين سيزور المنطقة قريبا.")
    assert "person/vladimir-putin" not in statements(extraction)


def test_a_statement_or_report_speaks_for_who_issued_it_and_the_leaders_for_their_organization(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "اندلعت اشتباكات على الحدود وفق ما ذكره تقرير صادر عن وزارة الدفاع الروسية.",
        "وذكر التقرير أن قوات حفظ السلام الجماعية بقيت في ثكناتها.",
        "وأعلن زعماء دول منظمة معاهدة الأمن الجماعي أمس دعمهم لوقف إطلاق النار.",
        "ونشر المقر المشترك للمنظمة بيانا لفتت فيه الأمانة العامة للمنظمة إلى هدوء الوضع.",
    )
    found = statements(extraction)
    assert found["organization/russia-ministry-of-defence"] == (None, None)
    assert found["organization/csto"] == ("2022-06-09", None)
    assert "organization/csto-secretariat" in found
    assert "organization/csto-collective-peacekeeping-forces" not in found  # what the statement said


def test_according_to_a_person_is_a_statement_but_according_to_a_charter_is_not(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووفقاً لوزير الخارجية البيلاروسي فلاديمير ماكي، فإن الحلفاء متفقون على الأولويات.",
        "ووفقا لميثاق المنظمة، فإن القرارات تتخذ بالإجماع.",
    )
    assert statements(extraction) == {"person/vladimir-makei": (None, None)}


def test_an_attribution_right_after_a_verb_of_saying_is_part_of_what_was_said(tmp_path: Path) -> None:
    extraction = run(tmp_path, 'وقال الرئيس الروسي فلاديمير بوتين إن الوضع مستقر، وأضاف: "بحسب المنظمة، فإن الحدود آمنة".')
    assert statements(extraction) == {"person/vladimir-putin": (None, None)}


def test_a_noun_of_saying_in_construct_with_a_known_speaker(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وجاء موقف موسكو بعد تصريحات رئيس الوزراء الأرميني نيكول باشينيان بشأن مستقبل التحالف.",
        'وقال لافروف: "ننطلق من تصريحات قادة الدول الأعضاء"، مشيرا إلى تصريحات أدلى بها بوتين.',
    )
    # Inside what Lavrov says, and a noun whose speaker comes only later, name no statement.
    assert statements(extraction) == {"person/nikol-pashinyan": (None, None), "person/sergey-lavrov": (None, None)}
    assert not [r for r in of_type(extraction, "Person") if "بها" in r.properties.get("labelAr", "")]


def test_what_a_statement_reports_of_the_day_of_publication_was_said_that_day(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "أعلن رئيس هيئة الأركان العامة الروسية فاليري غيراسيموف أن رؤساء الأركان بحثوا اليوم الوضع على الحدود.",
        "وأكد وزير الخارجية الروسي سيرغي لافروف أن الاجتماع المقبل سيعقد في 20 يونيو.",
    )
    assert statements(extraction) == {"person/valery-gerasimov": ("2022-06-10", None), "person/sergey-lavrov": (None, None)}



def test_an_agency_that_quotes_someone_reports_that_one_s_statement(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وذكرت وكالة تاس نقلا عن وزارة الدفاع الطاجيكية أن الوضع على الحدود مستقر.",
        "وذكرت وكالة نوفوستي أن الاجتماع انتهى.",
    )
    assert statements(extraction) == {"organization/tajikistan-ministry-of-defence": (None, None)}
