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
