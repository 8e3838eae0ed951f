"""The demo's content in Finnish and Swedish: what its coordinator "wrote" (programme names
and descriptions, topics, questions, surveys, events, peer groups) in the other two
languages, so that a person reading the demo in Finnish or Swedish sees no English content.

The other apps' demo modules write their content in English; this step, run last by
`seed_demo`, fills each empty Finnish or Swedish field from the table below. It never
overwrites a translation that is already there, so running it again changes nothing and a
coordinator's own wording survives. Built-in survey questions and benefit statements need
nothing here: they come from the message catalogue in all three languages."""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from mentorlab.core.translated import value_in
from mentorlab.events.models import Event, PeerGroup
from mentorlab.programmes.models import CustomQuestion, Programme, Topic
from mentorlab.surveys.models import Item, ProgrammeBenefit, Survey

DEMO_SLUGS = ("mentoring-2026", "mentoring-2027", "doctoral-2027")

# English -> (Finnish, Swedish).
TEXTS: dict[str, tuple[str, str]] = {
    # programmes
    "Mentoring 2026–27": ("Mentorointi 2026–27", "Mentorskap 2026–27"),
    "Mentoring 2027": ("Mentorointi 2027", "Mentorskap 2027"),
    "Doctoral mentoring 2027": (
        "Tohtorikoulutettavien mentorointi 2027",
        "Mentorskap för doktorander 2027",
    ),
    (
        "Our autumn cycle for master's and doctoral students. Pairs meet about once a "
        "month from the kick-off in October until the closing event in spring."
    ): (
        "Syksyllä alkava kierros maisteri- ja tohtoriopiskelijoille. Parit tapaavat noin "
        "kerran kuussa lokakuun aloitustilaisuudesta kevään päätöstilaisuuteen asti.",
        "Höstens omgång för magister- och doktorandstuderande. Paren träffas ungefär en "
        "gång i månaden från starten i oktober till avslutningen på våren.",
    ),
    (
        "The 2027 cycle. Applications have closed and the coordinators are matching "
        "students with mentors; the kick-off is in January."
    ): (
        "Vuoden 2027 kierros. Haku on päättynyt, ja koordinaattorit muodostavat nyt "
        "opiskelija–mentori-pareja. Aloitustilaisuus on tammikuussa.",
        "Omgången 2027. Ansökningstiden har gått ut och koordinatorerna bildar nu par av "
        "studerande och mentorer. Starten är i januari.",
    ),
    (
        "Small groups of two or three doctoral researchers with one mentor, plus one "
        "individual session each. Applications are open now."
    ): (
        "Kahden tai kolmen tohtoritutkijan pienryhmiä, joilla on yhteinen mentori, ja "
        "lisäksi jokaiselle yksi oma tapaaminen. Haku on nyt auki.",
        "Små grupper med två eller tre doktorander och en gemensam mentor, och dessutom "
        "en egen träff för var och en. Ansökan är öppen nu.",
    ),
    # topics
    "Career options after a degree": (
        "Uravaihtoehdot valmistumisen jälkeen",
        "Karriärvägar efter examen",
    ),
    "Doctoral careers in and outside academia": (
        "Tohtorin urat yliopistossa ja sen ulkopuolella",
        "Doktorers karriärer inom och utanför akademin",
    ),
    "Entrepreneurship and startups": ("Yrittäjyys ja startupit", "Företagande och startupbolag"),
    "Leadership and management": ("Johtaminen ja esihenkilötyö", "Ledarskap och chefskap"),
    "Work-life balance and wellbeing": (
        "Työn ja muun elämän tasapaino sekä hyvinvointi",
        "Balans mellan arbete och fritid, välmående",
    ),
    "Job search and interviews": (
        "Työnhaku ja työhaastattelut",
        "Jobbsökande och anställningsintervjuer",
    ),
    "Networking and personal brand": (
        "Verkostoituminen ja oma ammattikuva",
        "Nätverkande och egen profil",
    ),
    "International careers": ("Kansainvälinen ura", "Internationell karriär"),
    "Sustainability and impact": ("Kestävyys ja vaikuttavuus", "Hållbarhet och samhällspåverkan"),
    "Data, AI and software": ("Data, tekoäly ja ohjelmistot", "Data, AI och mjukvara"),
    "Design and creative work": ("Muotoilu ja luova työ", "Design och kreativt arbete"),
    "Public sector and policy": ("Julkinen sektori ja politiikka", "Offentlig sektor och politik"),
    "Finance and consulting": ("Rahoitus ja konsultointi", "Finans och konsultverksamhet"),
    "Confidence and self-knowledge": (
        "Itsevarmuus ja itsetuntemus",
        "Självförtroende och självkännedom",
    ),
    # custom questions
    "How did you hear about the programme?": (
        "Mistä kuulit ohjelmasta?",
        "Hur fick du höra om programmet?",
    ),
    "From a friend": ("Kaverilta", "Av en vän"),
    "University newsletter": ("Yliopiston uutiskirjeestä", "Från universitetets nyhetsbrev"),
    "Social media": ("Sosiaalisesta mediasta", "I sociala medier"),
    "Other": ("Muualta", "På annat sätt"),
    "What is your doctoral research about, in two sentences?": (
        "Mitä väitöstutkimuksesi käsittelee? Kerro kahdella lauseella.",
        "Vad handlar din doktorsavhandling om? Berätta med två meningar.",
    ),
    # surveys
    "Where you stand now – start of the programme": (
        "Missä olet nyt – ohjelman alussa",
        "Där du står nu – i början av programmet",
    ),
    (
        "Before the mentoring starts, tell us how you see your career today. "
        "We ask the same questions at the end to see what changed."
    ): (
        "Kerro ennen mentoroinnin alkua, miltä urasi näyttää sinusta tänään. Kysymme "
        "samat kysymykset lopussa nähdäksemme, mikä muuttui.",
        "Berätta innan mentorskapet börjar hur du ser på din karriär i dag. Vi ställer "
        "samma frågor i slutet för att se vad som har förändrats.",
    ),
    "What changed – end of the programme": (
        "Mikä muuttui – ohjelman lopussa",
        "Vad har förändrats – i slutet av programmet",
    ),
    "The same statements as at the start, plus a few questions about the programme.": (
        "Samat väittämät kuin alussa sekä muutama kysymys itse ohjelmasta.",
        "Samma påståenden som i början och några frågor om själva programmet.",
    ),
    "Halfway check-in": ("Puolivälin kuulumiset", "Avstämning halvvägs"),
    (
        "A five-minute look at how your mentorship is going. If you would like help, "
        "you can ask for it here."
    ): (
        "Viiden minuutin katsaus siihen, miten mentorointisi sujuu. Jos kaipaat apua, "
        "voit pyytää sitä täällä.",
        "En titt på fem minuter på hur ditt mentorskap går. Om du behöver hjälp kan du be "
        "om den här.",
    ),
    # events
    "Briefing for students": ("Infotilaisuus opiskelijoille", "Informationsmöte för studerande"),
    (
        "What to expect from the programme, how to prepare for your first meeting and "
        "how to draft the **mentoring agreement**."
    ): (
        "Mitä ohjelmalta voi odottaa, miten valmistaudut ensimmäiseen tapaamiseen ja "
        "miten laadit **mentorointisopimuksen** luonnoksen.",
        "Vad du kan vänta dig av programmet, hur du förbereder dig för den första träffen "
        "och hur du skriver ett utkast till **mentorskapsavtalet**.",
    ),
    "Kick-off": ("Aloitustilaisuus", "Startträff"),
    (
        "Meet your mentor and the whole cohort.\n\n"
        "- Welcome words\n- First meeting in pairs: get to know each other\n- Dinner"
    ): (
        "Tapaa mentorisi ja koko vuoden porukka.\n\n"
        "- Tervetuloa-sanat\n- Parien ensimmäinen tapaaminen: tutustutaan\n- Illallinen",
        "Träffa din mentor och hela årets grupp.\n\n"
        "- Välkomstord\n- Parens första träff: vi lär känna varandra\n- Middag",
    ),
    "Dipoli, Otakaari 24, Espoo": ("Dipoli, Otakaari 24, Espoo", "Dipoli, Otsvängen 24, Esbo"),
    "Group mentoring: making sense of career options": (
        "Ryhmämentorointi: uravaihtoehtojen hahmottaminen",
        "Gruppmentorskap: att förstå sina karriärmöjligheter",
    ),
    (
        "Three mentors tell how their paths really went, then small groups discuss "
        "your own options."
    ): (
        "Kolme mentoria kertoo, miten heidän polkunsa todella kulkivat, ja sen jälkeen "
        "pienryhmät pohtivat omia vaihtoehtojasi.",
        "Tre mentorer berättar hur deras vägar verkligen gick, och sedan diskuterar "
        "smågrupper dina egna alternativ.",
    ),
    "Group mentoring: strengths and values": (
        "Ryhmämentorointi: vahvuudet ja arvot",
        "Gruppmentorskap: styrkor och värderingar",
    ),
    (
        "Bring your values and strengths exercise; we work on them in small groups "
        "with a mentor each."
    ): (
        "Ota mukaan arvo- ja vahvuusharjoituksesi. Työstämme niitä pienryhmissä, joissa "
        "jokaisessa on oma mentori.",
        "Ta med din övning om värderingar och styrkor. Vi arbetar med dem i smågrupper "
        "med en mentor i varje.",
    ),
    "Career Design Lab, Otaniemi": ("Career Design Lab, Otaniemi", "Career Design Lab, Otnäs"),
    "Networking evening": ("Verkostoitumisilta", "Nätverkskväll"),
    (
        "An informal evening for students and mentors of every pair. Good for finding "
        "people for a *prototype conversation*: see the networking directory first."
    ): (
        "Vapaamuotoinen ilta kaikkien parien opiskelijoille ja mentoreille. Hyvä tilaisuus "
        "löytää ihmisiä *prototyyppikeskusteluun*: katso ensin verkostoitumishakemisto.",
        "En informell kväll för studerande och mentorer i alla par. Ett bra tillfälle att "
        "hitta personer för ett *prototypsamtal*: titta först i nätverkskatalogen.",
    ),
    "Restaurant Kipsari, Espoo": ("Ravintola Kipsari, Espoo", "Restaurang Kipsari, Esbo"),
    "Closing event": ("Päätöstilaisuus", "Avslutning"),
    "We celebrate the year, hear what pairs learned and give feedback.": (
        "Juhlistamme vuotta, kuulemme mitä parit oppivat ja annamme palautetta.",
        "Vi firar året, hör vad paren har lärt sig och ger respons.",
    ),
    "A relaxed meeting of the group: how are your mentorships going?": (
        "Rento ryhmätapaaminen: miten mentoroinnit sujuvat?",
        "En avslappnad gruppträff: hur går era mentorskap?",
    ),
    "Student lounge, Otaniemi": (
        "Opiskelijoiden oleskelutila, Otaniemi",
        "Studenternas lounge, Otnäs",
    ),
}

# Names with a number in them: English pattern -> (Finnish, Swedish) replacement.
PATTERNS: list[tuple[re.Pattern[str], tuple[str, str]]] = [
    (
        re.compile(r"^Peer group (\d+) meets$"),
        (r"Vertaisryhmä \1 kokoontuu", r"Kamratgrupp \1 träffas"),
    ),
    (re.compile(r"^Peer group (\d+)$"), (r"Vertaisryhmä \1", r"Kamratgrupp \1")),
]

LANGUAGES = ("fi", "sv")


def translate(english: str, language: str) -> str:
    """The text in `language`: a whole text from the table, a pattern, a list of topic names
    (a peer group's theme) or one choice per line; "" when it is not known."""
    index = LANGUAGES.index(language)
    if english in TEXTS:
        return TEXTS[english][index]
    for pattern, replacements in PATTERNS:
        if pattern.match(english):
            return pattern.sub(replacements[index], english)
    for separator in ("\n", ", "):
        parts = english.split(separator)
        if len(parts) > 1 and all(part.strip() in TEXTS for part in parts):
            return separator.join(TEXTS[part.strip()][index] for part in parts)
    return ""


CONTENT: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Programme, "slug__in", ("name", "description")),
    (Topic, "programme__slug__in", ("name",)),
    (CustomQuestion, "programme__slug__in", ("label", "help_text", "choices")),
    (Survey, "programme__slug__in", ("title", "intro")),
    (Item, "survey__programme__slug__in", ("text", "help_text", "choices")),
    (ProgrammeBenefit, "programme__slug__in", ("statement",)),
    (Event, "programme__slug__in", ("title", "description", "place")),
    (PeerGroup, "programme__slug__in", ("name", "theme")),
]


def seed(stdout: Any) -> None:
    filled = 0
    for model, lookup, fields in CONTENT:
        for obj in model._default_manager.filter(**{lookup: DEMO_SLUGS}):
            changed = []
            for field in fields:
                english = value_in(obj, field, "en")
                for language in LANGUAGES:
                    name = f"{field}_{language}"
                    if english and not value_in(obj, field, language):
                        text = translate(english, language)
                        if text:
                            setattr(obj, name, text)
                            changed.append(name)
            if changed:
                obj.save(update_fields=changed)
                filled += 1
    stdout.write(f"  Finnish and Swedish content: {filled} items translated\n")
