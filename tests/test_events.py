"""Events read from sentences written for these tests: their kind, date, place and status.

What a construction of real Arabic news should yield (realtext/ holds where each was read; the
sentences here are our own). Articles are dated Friday 10 June 2022.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_patterns import dated_places, of_type, requests_of, run


def test_forces_leaving_a_place_named_after_their_subject_on_the_day_a_correspondent_reports(tmp_path: Path) -> None:
    # Verb, troop subject (with the states they come from), comma, object; the agency's quotes do
    # not cut the attribution from its day.
    extraction = run(
        tmp_path,
        'غادرت وحدات حفظ السلام القادمة من أرمينيا وقرغيزستان، مدينة ألماتي، حسبما أفاد به مراسل وكالة "تاس" اليوم الجمعة.',
        "وغادرت القوات الروسية كازاخستان في 19 يناير.",
    )
    assert sorted(dated_places(extraction, "ForcesWithdrawal")) == [("2022-01-19", "state/kazakhstan"), ("2022-06-10", "city/almaty")]


def test_forces_going_home_or_transport_aircraft_deploy_nothing(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وحملت طائرات نقل عسكرية الجنود، ثم توجهت الوحدات إلى مواقع انتشارها الدائم.",
    )
    assert of_type(extraction, "Deployment") == []


def test_a_session_of_the_organisation_named_again_as_the_council_s_is_a_summit(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وقال الرئيس الروسي فلاديمير بوتين خلال الجلسة الموسعة لمنظمة معاهدة الأمن الجماعي إن التعاون يتعزز.",
        "ويترأس جلسة مجلس الأمن الجماعي التابع للمنظمة الرئيس الكازاخستاني قاسم جومارت توكاييف.",
    )
    assert of_type(extraction, "Meeting") == []
    (summit,) = of_type(extraction, "Summit")
    assert summit.properties["organizer"] == "organization/csto-collective-security-council"


def test_a_visit_someone_is_making_is_held_on_the_day_of_publication(tmp_path: Path) -> None:
    extraction = run(tmp_path, "والتقى بوتين الرئيس الطاجيكي إمام علي رحمن، الذي يقوم بزيارة عمل إلى موسكو، في الكرملين.")
    assert dated_places(extraction, "Visit") == [("2022-06-10", "city/moscow")]
    # "سيقوم بزيارة" is a visit to come, undated.
    (planned,) = of_type(run(tmp_path, "وقال الكرملين إن الرئيس الطاجيكي سيقوم بزيارة إلى موسكو."), "Visit")
    assert (planned.properties["eventStatus"], planned.properties.get("startDate")) == ("planned", None)


def test_violence_the_country_witnessed_is_unrest_there(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "ووصلت القوات إلى كازاخستان تلبية لطلب الرئيس قاسم جومارت توكاييف بعد أحداث العنف التي شهدتها البلاد.",
    )
    assert dated_places(extraction, "Unrest") == [(None, "state/kazakhstan")]


def test_forces_that_came_in_response_to_a_president_s_request_answer_his_request(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وصلت قوات منظمة معاهدة الأمن الجماعي إلى كازاخستان تلبيةً لطلب الرئيس قاسم جومارت توكاييف.",
        "وزار الوزير موسكو تلبية لدعوة نظيره الروسي.",
    )
    assert requests_of(extraction) == {("person/kassym-jomart-tokayev", "organization/csto")}


def test_a_roadmap_is_a_document_one_signs(tmp_path: Path) -> None:
    extraction = run(tmp_path, "ووقع الأمينان العامان للمنظمتين في بكين اليوم الجمعة على خارطة طريق لتطوير التعاون.")
    (document,) = of_type(extraction, "Document")
    assert (document.properties["labelAr"], document.properties["labelEn"]) == ("خارطة طريق لتطوير التعاون", "Roadmap")
    assert dated_places(extraction, "Signing") == [("2022-06-10", "city/beijing")]


def test_a_decision_in_the_passive_with_its_agent_and_an_agreement_reached_in_a_session(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وأوضح الأمين العام أن خطة تعزيز الحدود تمت الموافقة عليها من قبل المجلس الدائم للمنظمة وسيتم تنفيذها في يوليو.",
    )
    (decision,) = of_type(extraction, "Decision")
    assert decision.properties["organizer"] == "organization/csto-permanent-council"
    assert (decision.properties["eventStatus"], decision.properties.get("startDate")) == ("held", None)
    extraction = run(
        tmp_path,
        "وخلال جلسة مجلس الأمن الجماعي في يريفان يوم 23 مايو، تم التوصل إلى اتفاق بشأن إرسال بعثة إلى أرمينيا.",
    )
    # Taken at the session, in its city; not where the mission it decides is sent.
    assert dated_places(extraction, "Decision") == [("2022-05-23", "city/yerevan")]


def test_the_country_a_meeting_discusses_is_not_where_it_sits(tmp_path: Path) -> None:
    extraction = run(
        tmp_path,
        "وعقدت أمس جلسة استثنائية لمجلس الأمن الجماعي عبر الفيديو بشأن الوضع في كازاخستان.",
        "واندلعت الاحتجاجات في كازاخستان مطلع الشهر الجاري.",
    )
    assert dated_places(extraction, "Summit") == [("2022-06-09", None)]
    assert dated_places(extraction, "Unrest") == [("2022-06", "state/kazakhstan")]


def test_a_date_as_near_before_as_after_the_trigger_is_the_one_after(tmp_path: Path) -> None:
    # "وصلت" sits between "19 يناير" and "الـ 6 منه", as near to each: its own adjunct follows it.
    extraction = run(tmp_path, "وغادرت قوات حفظ السلام كازاخستان في 19 يناير، بعد أن وصلت في الـ 6 منه.")
    assert dated_places(extraction, "ForcesWithdrawal") == [("2022-01-19", "state/kazakhstan")]
    assert dated_places(extraction, "Deployment") == [("2022-01-06", "state/kazakhstan")]
