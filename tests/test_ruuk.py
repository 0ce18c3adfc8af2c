"""Russian and Ukrainian reports read in their own language (frontwatch.claims.ruuk,
frontwatch.geo.cyrillic, frontwatch.nlp_ruuk). Every sentence was written for these tests; each
case names the class of language its rule handles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.geo import Geoparser
from frontwatch.models import Claim, Document
from frontwatch.nlp_ruuk import sentences
from frontwatch.pipeline import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def claims(ex: Extractor, text: str, published: str = "2026-03-12") -> list[Claim]:
    record = ex.extract(Document(id="t", text=text, published=published))
    assert record.error is None
    return record.claims


def places(geo: Geoparser, text: str, lang: str) -> list[tuple[str, str | None, str | None]]:
    sents = sentences(text, lang)
    tops = geo.find_cyrillic(text, sents, lang)
    return [
        (t.text, loc.resolved_name, t.relation) for t, loc in zip(tops, geo.resolve(text, tops), strict=True)
    ]


# -- words and sentences ------------------------------------------------------------------------
def test_words_keep_ukrainian_apostrophes_and_offsets() -> None:
    text = "Обстріл Куп'янська.\nП’ять поранених."
    sents = sentences(text, "uk")
    assert [text[s.start : s.end] for s in sents] == ["Обстріл Куп'янська.", "П’ять поранених."]
    words = [w.text for w in sents[0].words]
    assert "Куп'янська" in words
    assert all(text[w.start : w.end] == w.text for s in sents for w in s.words)


def test_an_abbreviation_is_its_own_lemma() -> None:
    (sent,) = sentences("Над областью сбиты БПЛА.", "ru")
    assert sent.words[3].lemma == "бпла"


# -- places in Cyrillic, inflected ----------------------------------------------------------------
@pytest.fixture(scope="module")
def geo(ex: Extractor) -> Geoparser:
    return ex.geo


def test_an_inflected_town_is_found_by_its_nominative(geo: Geoparser) -> None:
    assert places(geo, "Бои идут в Покровске.", "ru") == [("Покровске", "Pokrovsk", "in")]
    assert places(geo, "Бої тривають під Покровськом.", "uk") == [("Покровськом", "Pokrovsk", "near")]
    assert places(geo, "Обстріл у Великій Новосілці.", "uk")[0][1] == "Velyka Novosilka"


def test_a_region_is_its_adjective_before_oblast_or_its_one_word_name(geo: Geoparser) -> None:
    assert [p[1] for p in places(geo, "Дроны сбиты над Брянской и Тамбовской областями.", "ru")] == [
        "Bryansk",
        "Tambov",
    ]
    assert [p[1] for p in places(geo, "Атака була на Харківщині.", "uk")] == ["Kharkiv"]


def test_a_district_or_direction_is_named_after_its_centre(geo: Geoparser) -> None:
    assert places(geo, "Удар по селу Покровського району.", "uk")[0][1:] == ("Pokrovsk", "district")
    assert places(geo, "Бои на Покровском направлении.", "ru")[0][1:] == ("Pokrovsk", "direction")


def test_names_of_people_units_and_sentence_openers_are_no_places(geo: Geoparser) -> None:
    # a person; a unit's name in quotes; a capital that only opens the sentence
    assert places(geo, "Об этом сообщил Олег Синегубов.", "ru") == []
    assert places(geo, "Наступают бойцы группировки «Восток».", "ru") == []
    assert places(geo, "Тихое утро сменилось тревогой.", "ru") == []


def test_a_multiword_name_is_found_whole_or_not_at_all(geo: Geoparser) -> None:
    """A run of capitals the gazetteer does not know as a whole is not read word by word
    ("Кучерів Яр" must not become a place called "Яр"); after "село" it is an unknown village."""
    assert [p[0] for p in places(geo, "Бійці Вигаданого Яру повернулися.", "uk")] == []
    assert places(geo, "Сили оборони звільнили село Вигаданий Яр.", "uk") == [("Вигаданий Яр", None, None)]


def test_names_listed_with_a_known_place_are_places(geo: Geoparser) -> None:
    found = places(geo, "ВСУ обстреляли Каховку, Вымышлянку и Херсон.", "ru")
    assert [p[0] for p in found] == ["Каховку", "Вымышлянку", "Херсон"]
    assert found[1][1] is None  # unknown to the gazetteer: kept, unresolved


def test_a_city_district_is_the_city(ex: Extractor) -> None:
    (c,) = claims(ex, "ВСУ обстреляли дома в Петровском районе Донецка, сообщил Пушилин.")
    assert c.location.resolved_name == "Donetsk"


def test_the_next_sentence_can_say_where(ex: Extractor) -> None:
    text = "Украинский беспилотник атаковал автомобиль, сообщил Хинштейн. Инцидент произошел в Судже."
    (c,) = claims(ex, text)
    assert c.location.resolved_name == "Sudzha" and c.sub_event_type == "Air/drone strike"


# -- claims: what happened, who did it, who says so -------------------------------------------------
UK_REPORT = (
    "Вночі 12 березня російська армія обстріляла Куп'янськ. Про це повідомив начальник Харківської "
    "ОВА Олег Синєгубов.\nЗа його словами, поранено двох цивільних."
)


def test_a_ukrainian_strike_report(ex: Extractor) -> None:
    (c,) = claims(ex, UK_REPORT)
    assert (c.event_type, c.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert c.location is not None and (c.location.name, c.location.resolved_name) == ("Куп'янськ", "Kupiansk")
    assert [a.side for a in c.actors] == ["russia"]
    assert (c.claimant.name, c.claimant.side) == ("Синєгубов", "ukraine")  # "Об этом": the source after
    assert c.date == "2026-03-12"
    trig = c.evidence.spans["trigger"]
    assert UK_REPORT[trig.start : trig.end] == trig.text == "обстріляла"
    assert UK_REPORT[c.evidence.start : c.evidence.end] == c.evidence.sentence


def test_a_russian_source_in_any_case_and_the_weapon_names_the_sub_type(ex: Extractor) -> None:
    (c,) = claims(ex, "По данным Гладкова, украинские беспилотники атаковали Шебекино.")
    assert c.sub_event_type == "Air/drone strike"
    assert (c.claimant.name, c.claimant.side, c.attribution) == ("Гладков", "russia", "according_to")
    assert [a.side for a in c.actors] == ["ukraine"]


def test_territory_taken_by_each_side_is_typed_the_acled_way(ex: Extractor) -> None:
    (ru,) = claims(
        ex,
        "Минобороны РФ сообщило, что российские подразделения освободили село Тихое в Харьковской области.",
    )
    assert ru.sub_event_type == "Non-state actor overtakes territory"
    assert (ru.claimant.name, ru.claimant.side) == ("Минобороны РФ", "russia")
    (ua,) = claims(ex, "Сили оборони звільнили село Тернувате в Запорізькій області, повідомив Генштаб ЗСУ.")
    assert ua.sub_event_type == "Government regains territory"
    assert ua.claimant.side == "ukraine" and ua.location.resolved_name == "Ternuvate"
    assert sorted(a.side for a in ua.actors) == ["russia", "ukraine"]


def test_a_list_of_places_is_one_claim_per_place(ex: Extractor) -> None:
    found = claims(ex, "Окупанти обстріляли Херсон, Білозерку та Станіслав, повідомив Прокудін.")
    assert [c.location.resolved_name for c in found] == ["Kherson", "Bilozerka", "Stanislav"]
    assert len({c.claim_id for c in found}) == 3


def test_interception_or_destruction_by_what_was_destroyed(ex: Extractor) -> None:
    (down,) = claims(ex, "Над Белгородской областью уничтожены пять украинских БПЛА.")
    assert down.sub_event_type == "Disrupted weapons use"
    assert sorted(a.side for a in down.actors) == ["russia", "ukraine"]
    (hit,) = claims(ex, "Российские военные уничтожили склад в Краматорске.")
    assert hit.event_type == "Explosions/Remote violence"


def test_repelled_air_attack_is_an_interception_and_a_repelled_assault_a_battle(ex: Extractor) -> None:
    (air,) = claims(ex, "В Севастополе отразили воздушную атаку.")
    assert air.sub_event_type == "Disrupted weapons use"
    (ground,) = claims(ex, "Бойцы ВСУ отразили атаку под Купянском.")
    assert ground.event_type == "Battles"


def test_a_headline_region_restates_the_body_place(ex: Extractor) -> None:
    text = "ЗСУ звільнили село на Донеччині\nСили оборони звільнили село Торецьке Покровського району."
    found = claims(ex, text)
    assert len(found) == 1 and found[0].location.admin1 == "Donetsk"


# -- no claim where the text asserts none -------------------------------------------------------------
@pytest.mark.parametrize(
    ("cls", "text"),
    [
        ("negated", "Обстрілів Харкова сьогодні не було, повідомив Терехов."),
        ("negated: casualties", "В Белгороде жертв и пострадавших нет."),
        ("not so", "Информация об обстреле Курска не подтвердилась."),
        ("threat", "Ворог погрожує новими ударами по Харкову."),
        ("plan", "Россия планирует наступление на Харьков."),
        ("future", "Завтра будет атака на Одессу, пишут каналы."),
        ("habitual", "Окупанти регулярно обстрілюють Нікополь."),
        ("cumulative", "Всего с начала года сбиты 400 беспилотников над Курской областью."),
        ("past", "В 2014 году боевики захватили Славянск."),
        ("question", "Чи атакуватиме Росія Київ?"),
        ("state, not a happening", "Жители оккупированного Энергодара остались без воды."),
        ("police work, not war", "Полиция задержала водителя в Москве."),
        ("denied", "Минобороны опровергло сообщения об ударе по Одессе."),
    ],
)
def test_no_claim_where_the_text_asserts_none(ex: Extractor, cls: str, text: str) -> None:
    assert claims(ex, text, "2026-03-12") == [], cls


def test_a_hedge_makes_the_claim_hedged(ex: Extractor) -> None:
    (c,) = claims(ex, "ЗСУ нібито відбили штурм біля Кіндрашівки.")
    assert c.hedged and c.event_type == "Battles"


def test_an_arrest_in_the_war_is_an_event(ex: Extractor) -> None:
    (c,) = claims(ex, "В Воронеже сотрудники ФСБ задержали агента украинской разведки.")
    assert c.sub_event_type == "Arrests" and c.location.resolved_name == "Voronezh"


# -- the pipeline around it --------------------------------------------------------------------------
def test_an_english_batch_does_not_load_the_russian_and_ukrainian_models() -> None:
    code = (
        "import sys\n"
        "from frontwatch.pipeline import Extractor\n"
        "from frontwatch.models import Document\n"
        "Extractor().extract(Document(id='e', text='Russian forces shelled Kharkiv on Monday.'))\n"
        "print('pymorphy3' in sys.modules, 'razdel' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(("lang", "place"), [("uk", "Kupiansk"), ("ru", "Shebekino")])
def test_demo_reads_a_report_written_for_the_project(tmp_path: Path, lang: str, place: str) -> None:
    out = CliRunner().invoke(app, ["demo", "--lang", lang, "--dir", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert place in out.stdout and (tmp_path / "claims.geojson").exists()


def test_demo_refuses_a_language_it_has_no_sample_in(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["demo", "--lang", "de", "--dir", str(tmp_path)])
    assert out.exit_code != 0 and "no sample in 'de'" in out.output


def test_a_place_someone_was_taken_to_is_not_the_event_place(ex: Extractor) -> None:
    (c,) = claims(ex, "После обстрела Славянска раненых эвакуировали в Краматорск, сообщил Филашкин.")
    assert c.location.resolved_name == "Sloviansk"


def test_an_unresolved_village_named_twice_is_one_event(ex: Extractor) -> None:
    text = (
        "Богомаз: ВСУ обстреляли поселок Выдуманово.\n"
        "Утром ВСУ обстреляли поселок Выдуманово Брянской области, повреждены дома."
    )
    found = claims(ex, text)
    assert len(found) == 1 and found[0].location.lat is None
    assert found[0].flags == ["unresolved_location"]


def test_an_air_attack_repelled_in_the_passive_is_an_interception(ex: Extractor) -> None:
    (c,) = claims(ex, "Атака БПЛА отражена над Ростовом, сообщил Слюсарь.")
    assert c.sub_event_type == "Disrupted weapons use" and c.claimant.side == "russia"


def test_figures_still_being_established_are_no_event(ex: Extractor) -> None:
    assert claims(ex, "Информация о пострадавших в Одессе уточняется.") == []


def test_damage_reported_is_the_strike_that_caused_it(ex: Extractor) -> None:
    (c,) = claims(ex, "Гайдай сообщил о разрушениях в Лисичанске: оккупанты повредили 13 домов.")
    assert (c.event_type, c.location.resolved_name) == ("Explosions/Remote violence", "Lysychansk")


def test_a_region_claim_restates_a_claim_at_a_place_in_it(ex: Extractor) -> None:
    text = (
        "У Харківській області сили оборони звільнили населені пункти. "
        "Зокрема, ЗСУ звільнили село Борщова, повідомив Синєгубов."
    )
    found = claims(ex, text)
    assert [c.location.resolved_name for c in found] == ["Borshchova"]


def test_a_town_after_a_place_preposition_even_if_it_is_also_a_name(geo: Geoparser) -> None:
    assert places(geo, "Удар пришелся по домам в Алешках.", "ru")[0][1] == "Oleshky"


def test_a_facility_named_by_its_town_adjective_is_in_that_town(geo: Geoparser) -> None:
    assert places(geo, "Дрони вдарили по Кременчуцькому НПЗ.", "uk")[0][1] == "Kremenchuk"


def test_the_launch_site_is_not_the_event_place(ex: Extractor) -> None:
    (c,) = claims(ex, "Российские войска ударили из Белгорода по Харькову, сообщил Синегубов.")
    assert c.location.resolved_name == "Kharkiv"


def test_what_air_defence_destroyed_was_intercepted(ex: Extractor) -> None:
    (c,) = claims(ex, "Над Дніпром сили ППО знищили 15 з них, повідомив Лисак.")
    assert c.sub_event_type == "Disrupted weapons use"


def test_he_reported_it_points_at_the_official_named_before(ex: Extractor) -> None:
    text = "Гладков попал под обстрел в Шебекино\nОб этом он сообщил в своем канале."
    (c,) = claims(ex, text)
    assert (c.claimant.name, c.claimant.side) == ("Гладков", "russia")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Нагадаємо, українські військові звільнили село Торське.", None),
        ("Стало відомо, що українські військові звільнили село Торське.", None),
        ("Нагадаємо, українські військові звільнили село Торське, повідомив Синєгубов.", "Синєгубов"),
    ],
)
def test_the_outlet_recalling_or_learning_is_its_own_voice(
    ex: Extractor, text: str, source: str | None
) -> None:
    (c,) = claims(ex, text)
    assert c.claimant.name == source


def test_a_russian_name_stands_for_the_ukrainian_places_so_named(ex: Extractor) -> None:
    """ "Песчаное" is listed under a few places only; the Kharkiv oblast villages are "Піщане"."""
    (c,) = claims(
        ex, "Минобороны РФ сообщило, что российские войска освободили село Песчаное в Харьковской области."
    )
    assert c.location.admin1 == "Kharkiv"


def test_a_guessed_spelling_far_from_the_reports_places_is_left_unresolved() -> None:
    from frontwatch.claims.ruuk import _plausible
    from frontwatch.geo import Toponym
    from frontwatch.models import Location

    tops = [
        Toponym("Лисичанськ", 0, 10, "Лисичанськ", known=True),
        Toponym("Білу Гору", 12, 21, "Біла Гора", known=False),
    ]
    locs = [
        Location(name="Лисичанськ", resolved_name="Lysychansk", lat=48.9, lon=38.43),
        Location(name="Білу Гору", resolved_name="Bila", lat=48.5, lon=25.9),  # 900 km west
    ]
    checked = _plausible(tops, locs)
    assert checked[0].lat == 48.9 and checked[1].lat is None and checked[1].runner_up == "Bila"


def test_a_district_adjective_with_a_linking_syllable_finds_its_town(geo: Geoparser) -> None:
    assert places(geo, "Беспилотник упал в Клинцовском районе.", "ru")[0][1] == "Klintsy"
    assert places(geo, "Обстріл Ворожбянської громади.", "uk")[0][1] == "Vorozhba"


def test_a_strike_on_the_other_sides_forces_lists_both_sides(ex: Extractor) -> None:
    (depot,) = claims(
        ex, "Минобороны РФ сообщило, что российские подразделения уничтожили украинский склад под Черниговом."
    )
    assert [a.side for a in depot.actors] == ["russia", "ukraine"]
    (town,) = claims(ex, "Российские войска обстреляли Чернигов, сообщил Чаус.")
    assert [a.side for a in town.actors] == ["russia"]


def test_an_abbreviation_after_its_noun_is_the_doer(ex: Extractor) -> None:
    (c,) = claims(ex, "По словам Пушилина, войска РФ ликвидировали вражескую разведгруппу под Авдеевкой.")
    assert [a.side for a in c.actors] == ["russia", "ukraine"]


def test_what_was_destroyed_over_a_place_was_intercepted(ex: Extractor) -> None:
    (c,) = claims(ex, "По данным Минобороны РФ, над Курской областью уничтожено три аппарата.")
    assert c.sub_event_type == "Disrupted weapons use"


def test_a_prisoner_exchange_is_an_agreement_of_both_sides(ex: Extractor) -> None:
    (c,) = claims(ex, "Відбувся обмін полоненими між Україною та Росією, повідомив Зеленський.")
    assert c.sub_event_type == "Agreement" and sorted(a.side for a in c.actors) == ["russia", "ukraine"]


def test_without_the_ukrainian_dictionary_only_ukrainian_reports_fail_and_say_why() -> None:
    """pymorphy3-dicts-uk is GPL-3.0 (README, "Licences"): an installation without it still reads
    English and Russian; a Ukrainian report gets a record whose error names the package."""
    code = (
        "import pymorphy3.analyzer as a\n"
        "found = a._lang_dict_paths\n"
        "a._lang_dict_paths = lambda: {k: v for k, v in found().items() if k != 'uk'}\n"
        "from frontwatch.pipeline import Extractor\n"
        "from frontwatch.models import Document\n"
        "uk = Document(id='uk', text='Російські війська обстріляли Краматорськ, повідомив Філашкін.')\n"
        "ru = Document(id='ru', text='Российские войска обстреляли Краматорск, сообщил Филашкин.')\n"
        "for r in Extractor().extract_many([uk, ru]):\n"
        "    print(r.id, len(r.claims), r.error or '-')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    uk, ru = out.stdout.splitlines()
    assert uk.startswith("uk 0 ") and "pymorphy3-dicts-uk" in uk
    assert ru == "ru 1 -"


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        ("weather", "Ураганный ветер повредил крыши домов в Ростове и Таганроге."),
        ("road accident", "Через снігопад у Львові зіткнулися два автобуси, двоє травмовано."),
        ("crime", "Полиция задержала мужчину, который ударил ножом прохожего в Москве."),
        ("gas", "Взрыв газа произошел в жилом доме в Воронеже."),
        ("sport", "Нападающий забил гол ударом с разворота на стадионе в Харькове."),
        ("car", "Водитель сбил пешехода на переходе в Одессе."),
        ("ranking", "Команда из Киева заняла первое место в турнире."),
        ("hostages", "Боевики захватили заложников."),
    ],
)
def test_an_everyday_sense_with_no_word_of_the_war_is_no_event(ex: Extractor, cls: str, text: str) -> None:
    assert claims(ex, text) == [], cls


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        ("expected", "Эксперты ожидают, что армия попытается захватить Часов Яр."),
        ("future tense", "Ворог обстрілюватиме Херсон і надалі, заявив Прокудін."),
        ("intention", "Киев намерен атаковать Крымский мост, утверждают в Москве."),
        ("aim", "Росія прагне захопити Покровськ."),
        ("years ago", "Десять лет назад боевики взяли Дебальцево."),
        ("last year", "Торік окупанти обстріляли Харків, нагадав Синєгубов."),
    ],
)
def test_what_will_may_or_did_long_ago_happen_is_no_event(ex: Extractor, cls: str, text: str) -> None:
    assert claims(ex, text, "2026-03-12") == [], cls


def test_an_attempted_attack_is_an_event(ex: Extractor) -> None:
    (c,) = claims(ex, "Противник попытался обстрелять Энергодар, сообщил Балицкий.")
    assert c.location.resolved_name == "Enerhodar"


def test_a_drone_that_destroyed_something_struck_it(ex: Extractor) -> None:
    (c,) = claims(ex, "Российский дрон уничтожил украинский танк под Купянском.")
    assert c.sub_event_type == "Air/drone strike" and [a.side for a in c.actors][0] == "russia"


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("ЗСУ знищили російський склад під Донецьком.", "ukraine"),
        ("ВСУ ударили по Донецку, сообщил Пушилин.", "ukraine"),
        ("Минобороны РФ: войска нанесли удар по аэродрому ВСУ под Запорожьем.", "russia"),
        ("Украина обвинила Россию в ударе по Сумам.", "russia"),
        ("Глава ЛНР Пасечник заявил, что противник обстрелял Луганск.", "ukraine"),
    ],
)
def test_the_doer_by_where_its_words_stand(ex: Extractor, text: str, doer: str) -> None:
    (c,) = claims(ex, text)
    assert c.actors and c.actors[0].side == doer


def test_a_plane_shot_down_in_the_passive_was_the_side_it_belonged_to(ex: Extractor) -> None:
    (c,) = claims(ex, "Над Донбассом сбит российский самолет Су-34, сообщили Воздушные силы ВСУ.")
    assert [a.side for a in c.actors] == ["ukraine", "russia"]


def test_a_turn_to_other_news_does_not_carry_the_source_over(ex: Extractor) -> None:
    text = (
        "Гладков сообщил об атаке украинских дронов на Белгород.\n"
        "Тем временем в Киеве прогремели взрывы после ракетного удара."
    )
    first, second = claims(ex, text)
    assert first.claimant.name == "Гладков" and second.claimant.name is None


def test_a_claim_with_no_place_does_not_fold_into_another_sides_attack(ex: Extractor) -> None:
    text = "ВСУ атаковали Курск ракетами.\nРоссийские войска обстреляли позиции ВСУ ракетами."
    found = claims(ex, text)
    assert [c.actors[0].side for c in found] == ["ukraine", "russia"]


def test_enemy_drones_downed_were_the_other_sides(ex: Extractor) -> None:
    (c,) = claims(
        ex, "Силы ПВО за ночь сбили 40 вражеских беспилотников над Курской областью, сообщило Минобороны РФ."
    )
    assert [a.side for a in c.actors] == ["russia", "ukraine"]


def test_a_lone_word_is_too_vague_to_be_a_claim(ex: Extractor) -> None:
    assert claims(ex, "Обстрел.") == [] and claims(ex, "Вибух.") == []


@pytest.mark.parametrize(
    ("lang", "text", "place"),
    [
        (
            "ru",
            "Беспилотник атаковал Брянск ночью.",
            "Bryansk",
        ),  # a Russian town is not its Ukrainian look-alike
        ("ru", "Взрывы прогремели в Крыму.", "Crimea"),
        ("uk", "Вибухи пролунали в Криму.", "Crimea"),
        ("uk", "Окупанти вдарили по околицях Покровська.", "Pokrovsk"),  # the town, not the hromada
        ("uk", "Під Торецьком тривають бої.", "Toretsk"),  # a preposition that opens the sentence
        ("ru", "Обстрел Херсона продолжался всю ночь.", "Kherson"),
        ("uk", "Ворог обстріляв Слов’янськ.", "Sloviansk"),  # a typographic apostrophe
    ],
)
def test_places_that_were_read_wrong_before(geo: Geoparser, lang: str, text: str, place: str) -> None:
    assert place in [p[1] for p in places(geo, text, lang)]


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        ("condition", "Власти Белгорода сообщили, что в случае обстрела жителям следует укрыться."),
        ("years ago, in digits", "Він сказав, що бачив, як ракета влучила в будинок у Львові 2 роки тому."),
        ("a week's count", "Минулого тижня росіяни атакували Одесу понад 20 разів."),
    ],
)
def test_supposed_long_ago_or_counted_over_a_week_is_no_event(ex: Extractor, cls: str, text: str) -> None:
    assert claims(ex, text, "2026-03-12") == [], cls


def test_a_nights_count_is_that_nights_event(ex: Extractor) -> None:
    (c,) = claims(ex, "За ніч ворог 12 разів обстріляв Нікополь, повідомив Лисак.")
    assert c.location.resolved_name == "Nikopol"


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (
            "an era long past",
            "Во время Великой Отечественной войны немцы разрушили Смоленск почти полностью.",
        ),
        ("a total since the start", "Від початку повномасштабного вторгнення росіяни вбили понад 600 дітей."),
        ("an accident", "Пилот Су-25 погиб при крушении самолета в Ростовской области."),
    ],
)
def test_eras_totals_and_accidents_are_no_events(ex: Extractor, cls: str, text: str) -> None:
    assert claims(ex, text) == [], cls


def test_the_main_clause_names_the_event_not_a_relative_clause(ex: Extractor) -> None:
    (c,) = claims(ex, "СБУ затримала агента ФСБ, який коригував удари по Одесі.")
    assert c.sub_event_type == "Arrests"


def test_the_defence_forces_are_ukraines(ex: Extractor) -> None:
    (c,) = claims(ex, "Сили оборони звільнили село Кам'янське, повідомив Генштаб.")
    assert c.sub_event_type == "Government regains territory" and c.actors[0].side == "ukraine"


def test_where_a_victim_lives_is_not_where_it_happened(ex: Extractor) -> None:
    (c,) = claims(ex, "Житель Ялты погиб при атаке дронов на Севастополь, сообщил Развожаев.")
    assert c.location.resolved_name == "Sevastopol"


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        ("a participle's clause", "В Мариуполе оккупанты снесли ещё один дом, повреждённый во время боёв."),
        ("protected from", "У Харкові відкрили підземну школу, захищену від обстрілів."),
        ("out from under", "Эвакуированные из-под обстрелов жители получили жильё."),
        ("caused the damage", "Власти восстановят десять домов, разрушенных обстрелами."),
        ("whose dead", "Стороны договорились об обмене телами погибших."),
        ("purpose", "Росія стягує сили для наступу на Запоріжжя."),
        ("preparation", "Армия перебрасывает резервы к Константиновке, готовясь к штурму."),
        ("for years", "Окупанти обстрілюють Херсон вже третій рік, пишуть місцеві."),
    ],
)
def test_a_war_word_that_only_describes_is_no_event(ex: Extractor, cls: str, text: str) -> None:
    assert claims(ex, text, "2025-06-10") == [], cls


def test_shaken_by_strikes_still_reports_them(ex: Extractor) -> None:
    found = claims(ex, "Від ударів здригалися Нікополь і Марганець, повідомив Лисак.")
    assert {c.location.resolved_name for c in found} == {"Nikopol", "Marhanets"}


def test_an_emoji_glued_to_the_first_word_does_not_hide_it(ex: Extractor) -> None:
    (c,) = claims(ex, "⚡️Прилёт в Шебекино: ранена женщина, сообщил Гладков.")
    assert c.location.resolved_name == "Shebekino"


def test_a_weapon_abbreviation_with_a_case_ending_is_a_weapon(ex: Extractor) -> None:
    (c,) = claims(ex, "Два удара КАБами по Салтовке, ранены трое, сообщил Синегубов.")
    assert c.sub_event_type == "Air/drone strike"


def test_a_source_signed_after_a_final_dash(ex: Extractor) -> None:
    (c,) = claims(ex, "Ночью враг атаковал Запорожье дронами, ранены двое. — Федоров.")
    assert (c.claimant.name, c.claimant.side) == ("Федоров", "ukraine")


@pytest.mark.parametrize(
    "text",
    [
        "В Запорожье простились с бойцом, погибшим на фронте.",
        "У Києві відкрили укриття від ракетних ударів на 500 місць.",
    ],
)
def test_a_fallen_soldier_mourned_or_a_shelter_from_strikes_is_no_event(ex: Extractor, text: str) -> None:
    assert claims(ex, text, "2025-06-10") == []


def test_a_missile_hitting_is_a_strike_and_a_man_reaching_hospital_is_not(ex: Extractor) -> None:
    (c,) = claims(ex, "Российская ракета попала в ТЭЦ в Харькове, сообщил Синегубов.")
    assert c.location.resolved_name == "Kharkiv"
    assert claims(ex, "Мужчина попал в больницу в Харькове.") == []


def test_a_reviewers_texts_no_false_claims_and_most_events_found(ex: Extractor) -> None:
    """118 short reports a reviewer wrote for the project to break this reader (not dev data),
    each labelled "event" or "none": no claim on a non-event; at least 40 of the 52 events found
    (43 when it was written; what misses is named in the issue note)."""
    rows = [
        json.loads(x)
        for x in (Path(__file__).parent / "fixtures" / "ruuk_review.jsonl").open(encoding="utf-8")
    ]
    docs = [Document(id=r["id"], text=r["text"], published=r["published"]) for r in rows]
    got = {rec.id: rec.claims for rec in ex.extract_many(docs)}
    false = [r["id"] for r in rows if r["expect"] == "none" and got[r["id"]]]
    found = sum(bool(got[r["id"]]) for r in rows if r["expect"] == "event")
    assert (len(rows), sum(r["expect"] == "event" for r in rows)) == (118, 52)
    assert false == [] and found >= 40
