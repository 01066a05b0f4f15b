"""The texts the family reads: the announcement letter and the headings of the personal offer
list, per language (the public site's languages). German is the source and the fallback for a
language or a single text without a translation.

Kept here instead of the project's translation catalogues on purpose: these texts are addressed
to the family, in the family's language, whatever language the visit team works in. The
translations were written without a native speaker; see README ("Übersetzungen") for which need
a review before a municipality sends them.
"""

from __future__ import annotations

RTL = {"ar"}

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "name": "Deutsch",
        "congrats": "Herzlichen Glückwunsch zur Geburt Ihres Kindes!",
        "greeting": "Guten Tag,",
        "intro": (
            "das Familienzentrum in Ihrer Nähe möchte Sie gern zu Hause besuchen: mit "
            "Informationen für die erste Zeit, dem Ordner „Gesund groß werden“, der Broschüre "
            "„Willkommen im Leben“ und Kontakten vor Ort."
        ),
        "proposal": "Unser Terminvorschlag: {date} um {time} Uhr.",
        "voluntary": (
            "Der Besuch ist freiwillig und kostenlos. Wenn Sie keinen Besuch möchten oder der "
            "Termin nicht passt, sagen Sie uns bitte Bescheid:"
        ),
        "phone": "Telefon",
        "email": "E-Mail",
        "closing": "Wir freuen uns auf Sie.",
        "offers_title": "Angebote für Ihre Familie",
        "for_children": "Für Kinder von {age}",
        "language": "Sprache",
        "free": "kostenlos",
        "in_language": "in Ihrer Sprache oder mit Sprachmittlung",
        "km_away": "{km} km entfernt",
        "next_dates": "Nächste Termine",
        "contact": "Kontakt",
        "none_near": "Zurzeit keine passenden Angebote in der Nähe.",
        "your_centre": "Ihr Familienzentrum",
        "as_of": "Stand: {date}",
        "age_0_6": "0 bis 6 Monaten",
        "age_6_12": "6 bis 12 Monaten",
        "age_1_3": "1 bis 3 Jahren",
        "age_3": "3 Jahren und älter",
    },
    "en": {
        "name": "English",
        "congrats": "Congratulations on the birth of your child!",
        "greeting": "Hello,",
        "intro": (
            "the family centre near you would like to visit you at home: with information for "
            "the first months, the folder “Gesund groß werden” (growing up healthy), the "
            "brochure “Willkommen im Leben” (welcome to life) and local contacts."
        ),
        "proposal": "Our suggested appointment: {date} at {time}.",
        "voluntary": (
            "The visit is voluntary and free of charge. If you do not want a visit or the date "
            "does not suit you, please let us know:"
        ),
        "phone": "Phone",
        "email": "Email",
        "closing": "We look forward to meeting you.",
        "offers_title": "Activities for your family",
        "for_children": "For children aged {age}",
        "language": "Language",
        "free": "free of charge",
        "in_language": "in your language or with an interpreter",
        "km_away": "{km} km away",
        "next_dates": "Next dates",
        "contact": "Contact",
        "none_near": "At the moment there are no suitable activities nearby.",
        "your_centre": "Your family centre",
        "as_of": "As of: {date}",
        "age_0_6": "0 to 6 months",
        "age_6_12": "6 to 12 months",
        "age_1_3": "1 to 3 years",
        "age_3": "3 years and older",
    },
    "tr": {
        "name": "Türkçe",
        "congrats": "Bebeğinizin doğumu için tebrikler!",
        "greeting": "Merhaba,",
        "intro": (
            "yakınınızdaki aile merkezi sizi evinizde ziyaret etmek istiyor: ilk dönem için "
            "bilgiler, “Gesund groß werden” (sağlıklı büyümek) dosyası, “Willkommen im Leben” "
            "(hayata hoş geldin) broşürü ve yerel iletişim bilgileri ile."
        ),
        "proposal": "Önerdiğimiz randevu: {date}, saat {time}.",
        "voluntary": (
            "Ziyaret isteğe bağlı ve ücretsizdir. Ziyaret istemiyorsanız veya tarih size "
            "uymuyorsa lütfen bize haber verin:"
        ),
        "phone": "Telefon",
        "email": "E-posta",
        "closing": "Sizinle tanışmayı sabırsızlıkla bekliyoruz.",
        "offers_title": "Aileniz için etkinlikler",
        "for_children": "{age} arası çocuklar için",
        "language": "Dil",
        "free": "ücretsiz",
        "in_language": "kendi dilinizde veya tercüman desteğiyle",
        "km_away": "{km} km uzaklıkta",
        "next_dates": "Sonraki tarihler",
        "contact": "İletişim",
        "none_near": "Şu anda yakınınızda uygun bir etkinlik bulunmuyor.",
        "your_centre": "Aile merkeziniz",
        "as_of": "Tarih: {date}",
        "age_0_6": "0–6 ay",
        "age_6_12": "6–12 ay",
        "age_1_3": "1–3 yaş",
        "age_3": "3 yaş ve üstü",
    },
    "ar": {
        "name": "العربية",
        "congrats": "تهانينا بمولودكم الجديد!",
        "greeting": "مرحبًا،",
        "intro": (
            "يرغب مركز الأسرة القريب منكم في زيارتكم في المنزل، ومعه معلومات للفترة الأولى، "
            "وملف «Gesund groß werden» (النمو بصحة)، وكتيب «Willkommen im Leben» (أهلًا بك في "
            "الحياة)، وعناوين للتواصل في منطقتكم."
        ),
        "proposal": "الموعد الذي نقترحه: {date} الساعة {time}.",
        "voluntary": (
            "الزيارة اختيارية ومجانية. إذا كنتم لا ترغبون في الزيارة أو كان الموعد غير مناسب، "
            "فيرجى إبلاغنا:"
        ),
        "phone": "الهاتف",
        "email": "البريد الإلكتروني",
        "closing": "يسعدنا لقاؤكم.",
        "offers_title": "عروض لعائلتكم",
        "for_children": "للأطفال من عمر {age}",
        "language": "اللغة",
        "free": "مجاني",
        "in_language": "بلغتكم أو مع مترجم",
        "km_away": "على بعد {km} كم",
        "next_dates": "المواعيد القادمة",
        "contact": "التواصل",
        "none_near": "لا توجد حاليًا عروض مناسبة قريبة منكم.",
        "your_centre": "مركز الأسرة الخاص بكم",
        "as_of": "بتاريخ: {date}",
        "age_0_6": "0 إلى 6 أشهر",
        "age_6_12": "6 إلى 12 شهرًا",
        "age_1_3": "سنة إلى 3 سنوات",
        "age_3": "3 سنوات فما فوق",
    },
    "uk": {
        "name": "Українська",
        "congrats": "Вітаємо з народженням дитини!",
        "greeting": "Добрий день,",
        "intro": (
            "сімейний центр поблизу вас хотів би відвідати вас удома: з інформацією на перший "
            "час, папкою «Gesund groß werden» (рости здоровим), брошурою «Willkommen im Leben» "
            "(ласкаво просимо в життя) та місцевими контактами."
        ),
        "proposal": "Пропонуємо зустріч: {date} о {time}.",
        "voluntary": (
            "Візит добровільний і безкоштовний. Якщо ви не бажаєте візиту або дата вам не "
            "підходить, будь ласка, повідомте нам:"
        ),
        "phone": "Телефон",
        "email": "Електронна пошта",
        "closing": "Будемо раді зустрічі з вами.",
        "offers_title": "Пропозиції для вашої родини",
        "for_children": "Для дітей віком {age}",
        "language": "Мова",
        "free": "безкоштовно",
        "in_language": "вашою мовою або з перекладачем",
        "km_away": "{km} км від вас",
        "next_dates": "Найближчі дати",
        "contact": "Контакт",
        "none_near": "Наразі поблизу немає відповідних пропозицій.",
        "your_centre": "Ваш сімейний центр",
        "as_of": "Станом на: {date}",
        "age_0_6": "від 0 до 6 місяців",
        "age_6_12": "від 6 до 12 місяців",
        "age_1_3": "від 1 до 3 років",
        "age_3": "від 3 років",
    },
    "ru": {
        "name": "Русский",
        "congrats": "Поздравляем с рождением ребёнка!",
        "greeting": "Здравствуйте,",
        "intro": (
            "семейный центр рядом с вами хотел бы навестить вас дома: с информацией на первое "
            "время, папкой «Gesund groß werden» (расти здоровым), брошюрой «Willkommen im Leben» "
            "(добро пожаловать в жизнь) и местными контактами."
        ),
        "proposal": "Предлагаемая дата визита: {date} в {time}.",
        "voluntary": (
            "Визит добровольный и бесплатный. Если вы не хотите визита или дата вам не "
            "подходит, пожалуйста, сообщите нам:"
        ),
        "phone": "Телефон",
        "email": "Электронная почта",
        "closing": "Будем рады встрече с вами.",
        "offers_title": "Предложения для вашей семьи",
        "for_children": "Для детей в возрасте {age}",
        "language": "Язык",
        "free": "бесплатно",
        "in_language": "на вашем языке или с переводчиком",
        "km_away": "{km} км от вас",
        "next_dates": "Ближайшие даты",
        "contact": "Контакт",
        "none_near": "Сейчас поблизу нет подходящих предложений.",
        "your_centre": "Ваш семейный центр",
        "as_of": "По состоянию на: {date}",
        "age_0_6": "от 0 до 6 месяцев",
        "age_6_12": "от 6 до 12 месяцев",
        "age_1_3": "от 1 года до 3 лет",
        "age_3": "от 3 лет",
    },
}

AGE_KEYS = ((6, "age_0_6"), (12, "age_6_12"), (36, "age_1_3"))


class Texts(dict):
    """The texts of one language, each falling back to German; ``lang`` and ``dir`` for the
    page's attributes."""

    def __init__(self, language: str):
        base = dict(TEXTS["de"])
        own = TEXTS.get(language, {})
        base.update(own)
        super().__init__(base)
        self.lang = language if own else "de"
        self.dir = "rtl" if self.lang in RTL else "ltr"

    def fill(self, key: str, **values) -> str:
        return self[key].format(**values)

    def age(self, months: int | None) -> str:
        if months is None:
            return ""
        for limit, key in AGE_KEYS:
            if months < limit:
                return self[key]
        return self["age_3"]


def texts_for(language: str) -> Texts:
    return Texts(language)


def translated_languages() -> list[str]:
    return sorted(code for code in TEXTS if code != "de")
