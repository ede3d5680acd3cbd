"""Demo content for the parts where readers act: the poll and the contact page (az, en, ru)."""

POLL = {
    "title": {"az": "Sorğu", "en": "Poll", "ru": "Опрос"},
    "slug": {"az": "sorgu", "en": "poll", "ru": "opros"},
    "question": {
        "az": "Xocalı faciəsi haqqında ilk dəfə haradan öyrəndiniz?",
        "en": "How did you first learn about the Khojaly tragedy?",
        "ru": "Откуда вы впервые узнали о Ходжалинской трагедии?",
    },
    "choices": [
        {"az": "Ailəmdən və ya tanışlarımdan", "en": "From my family or friends",
         "ru": "От родных или знакомых"},
        {"az": "Məktəbdə və ya universitetdə", "en": "At school or university",
         "ru": "В школе или университете"},
        {"az": "Xəbərlərdən", "en": "From the news", "ru": "Из новостей"},
        {"az": "Bu portaldan", "en": "From this portal", "ru": "С этого портала"},
        {"az": "Başqa yolla", "en": "Another way", "ru": "Другим путём"},
    ],
}

CONTACT = {
    "title": {"az": "Əlaqə", "en": "Contact", "ru": "Связь с редакцией"},
    "slug": {"az": "elaqe", "en": "contact", "ru": "svyaz"},
    "intro": {
        "az": "Düzəliş, mənbə və ya xatirə göndərmək istəyirsinizsə, bizə yazın. "
        "Mesajları yalnız redaktorlar oxuyur.",
        "en": "Write to us if you would like to send a correction, a source or a memory. "
        "Only the editors read the messages.",
        "ru": "Напишите нам, если хотите прислать исправление, источник или воспоминание. "
        "Сообщения читают только редакторы.",
    },
    "thank_you_text": {
        "az": "Təşəkkür edirik. Mesajınız redaktorlara çatdırıldı.",
        "en": "Thank you. Your message has reached the editors.",
        "ru": "Спасибо. Ваше сообщение получено редакцией.",
    },
    "fields": [
        {"field_type": "singleline", "required": True,
         "label": {"az": "Adınız", "en": "Your name", "ru": "Ваше имя"}},
        {"field_type": "email", "required": True,
         "label": {"az": "E-poçt ünvanınız", "en": "Your email address",
                   "ru": "Ваш адрес электронной почты"},
         "help_text": {"az": "Yalnız sizə cavab vermək üçün.", "en": "Only used to reply to you.",
                       "ru": "Только для ответа вам."}},
        {"field_type": "dropdown", "required": True,
         "label": {"az": "Mövzu", "en": "Subject", "ru": "Тема"},
         "choices": {"az": "Düzəliş\nMənbə\nXatirə\nDigər",
                     "en": "Correction\nSource\nMemory\nOther",
                     "ru": "Исправление\nИсточник\nВоспоминание\nДругое"}},
        {"field_type": "multiline", "required": True,
         "label": {"az": "Mesajınız", "en": "Your message", "ru": "Ваше сообщение"}},
    ],
}
