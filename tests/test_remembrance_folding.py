"""One search key whatever the script or spelling: the folding behind the name search."""

import pytest

from remembrance.folding import fold

SAME_NAME = [
    ("Агаев", "Agayev", "Ağayev", "AĞAYEV", "agayev"),
    ("Гусейнов", "Huseynov", "Hüseynov", "HÜSEYNOV"),
    ("Мамедов", "Mammadov", "Məmmədov", "Mamedov", "MƏMMƏDOV"),
    ("Ходжалы", "Xocalı", "Khojaly", "XOCALI", "Xojaly"),
    ("Алиев", "Aliyev", "Əliyev", "ƏLİYEV"),
    ("Исмаилов", "Ismayilov", "İsmayılov"),
    ("Джафаров", "Jafarov", "Cəfərov"),
    ("Рашид", "Rashid", "Rəşid"),
    ("Чингиз", "Chingiz", "Çingiz"),
    ("Шахин", "Shahin", "Şahin"),
    ("Гулиев", "Quliyev", "Guliyev"),
    ("Юсиф", "Yusif", "YUSİF"),
    ("Елена", "Yelena"),
    ("Ильхам", "Ilham", "İlham", "ILHAM"),
]


@pytest.mark.parametrize("spellings", SAME_NAME, ids=[group[1] for group in SAME_NAME])
def test_spellings_of_one_name_fold_alike(spellings):
    assert len({fold(spelling) for spelling in spellings}) == 1


def test_different_names_stay_apart():
    assert fold("Агаев") != fold("Алиев")
    assert fold("Mammadov") != fold("Huseynov")


def test_key_is_lower_case_ascii_words():
    assert fold("  Məmmədov,  Əli  Hüseyn oğlu ") == "mamadov ali gusain oglu"
    assert fold("") == "" and fold(None) == ""


def test_the_town_in_every_spelling_of_the_portals_table_folds_alike():
    """The register shares the site search's table of spellings (core.spellings): a German
    or a Turkish spelling the letter classes alone would not merge folds as the others do."""
    from core.spellings import NAMES

    town = next(name for name in NAMES if name.canonical == "Xocalı")
    assert {fold(spelling) for spelling in town.all_spellings} == {fold("Xocalı")}
    assert fold("Chodschali Ağayev") == fold("Xocalı Agayev")
