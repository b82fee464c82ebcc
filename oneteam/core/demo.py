"""Demo content: a small, believable OneTeam community to explore the site with.

``load_demo()`` is idempotent. Every record is looked up by its natural key
(an organisation's or chapter's slug, a person's e-mail address, an event's
slug, a membership's chapter and person …) and only created when missing, so
running it again adds nothing and leaves alone whatever people changed since.
The one thing refreshed on every run is the time of each demo event: times are
worked out from today's date in the event's own time zone, so upcoming events
stay upcoming and past ones stay in the past.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from oneteam.chapters.models import Chapter, ChecklistItem, Membership
from oneteam.events import services
from oneteam.events.models import Event, Feedback, Registration
from oneteam.people.models import Organisation

ORGANISER_EMAIL = "organiser@example.org"
ORGANISER_PASSWORD = "demo-organiser-2026"
MEMBER_EMAIL = "member@example.org"
MEMBER_PASSWORD = "demo-member-2026"
# Everyone else in the demo shares this password, so any of them can be tried too.
PERSON_PASSWORD = "demo-person-2026"

DOCUMENTED_SIGN_INS = {ORGANISER_EMAIL: ORGANISER_PASSWORD, MEMBER_EMAIL: MEMBER_PASSWORD}


# --- Organisations -----------------------------------------------------------
# slug: (name, kind, country, website)
ORGANISATIONS = {
    "hackney-council": ("Hackney Council", "council", "GB", "https://hackney.gov.uk"),
    "croydon-council": ("Croydon Council", "council", "GB", "https://www.croydon.gov.uk"),
    "leeds-city-council": ("Leeds City Council", "council", "GB", "https://www.leeds.gov.uk"),
    "newcastle-city-council": ("Newcastle City Council", "council", "GB", "https://www.newcastle.gov.uk"),
    "department-for-work-and-pensions": (
        "Department for Work and Pensions", "central", "GB", "https://www.gov.uk/government/organisations/department-for-work-pensions",
    ),
    "welsh-government": ("Welsh Government", "central", "GB", "https://www.gov.wales"),
    "nhs-greater-manchester": ("NHS Greater Manchester", "health", "GB", "https://gmintegratedcare.org.uk"),
    "citizens-advice": ("Citizens Advice", "charity", "GB", "https://www.citizensadvice.org.uk"),
    "employment-and-social-development-canada": (
        "Employment and Social Development Canada", "central", "CA", "https://www.canada.ca/en/employment-social-development.html",
    ),
    "canadian-digital-service": ("Canadian Digital Service", "agency", "CA", "https://digital.canada.ca"),
    "digital-transformation-agency": ("Digital Transformation Agency", "agency", "AU", "https://www.dta.gov.au"),
    "department-of-internal-affairs": ("Department of Internal Affairs", "central", "NZ", "https://www.dia.govt.nz"),
    "nav": ("Norwegian Labour and Welfare Administration (NAV)", "agency", "NO", "https://www.nav.no"),
    "digital-and-population-data-services-agency": (
        "Digital and Population Data Services Agency", "agency", "FI", "https://dvv.fi/en",
    ),
    "skatteverket": ("Swedish Tax Agency (Skatteverket)", "agency", "SE", "https://www.skatteverket.se"),
    "swiss-federal-chancellery": ("Swiss Federal Chancellery", "central", "CH", "https://www.bk.admin.ch"),
}


# --- People (all invented) ---------------------------------------------------
# Fields not given take the model's defaults; profile_public defaults to True here.
PEOPLE = [
    {
        "email": ORGANISER_EMAIL, "display_name": "Rosa Delgado-Hart", "organisation": "hackney-council",
        "profession": "Service designer", "country": "GB", "languages": "English, Spanish",
        "skills": "Service design, facilitation, lean coffee, user research",
        "contact_preference": "in_person", "contact_notes": "Happy to meet for a coffee near the town hall.",
    },
    {
        "email": MEMBER_EMAIL, "display_name": "Tom Ashworth", "organisation": "hackney-council",
        "profession": "Housing needs officer", "country": "GB", "languages": "English",
        "skills": "Casework, homelessness prevention, process mapping", "contact_preference": "email",
    },
    {
        "email": "niamh.brennan@example.org", "display_name": "Niamh Brennan", "organisation": "hackney-council",
        "profession": "Delivery manager (ICT)", "country": "GB", "languages": "English, Irish",
        "skills": "Agile delivery, OKRs, roadmaps", "contact_preference": "chat",
        "contact_notes": "Find me on the council's Teams.",
    },
    {
        "email": "kwame.mensah@example.org", "display_name": "Kwame Mensah", "organisation": "hackney-council",
        "profession": "Adult social care practitioner", "country": "GB", "languages": "English, Twi",
        "skills": "Strengths-based practice, safeguarding", "contact_preference": "phone",
        "show_skills": False,
    },
    {
        "email": "leila.haddad@example.org", "display_name": "Leila Haddad", "organisation": "croydon-council",
        "profession": "Policy officer", "country": "GB", "languages": "English, Arabic, French",
        "skills": "Policy, community engagement, writing in the open", "contact_preference": "email",
    },
    {
        "email": "daniel.osei@example.org", "display_name": "Daniel Osei", "organisation": "leeds-city-council",
        "profession": "Data analyst", "country": "GB", "languages": "English",
        "skills": "Data analysis, dashboards, SQL, open data", "contact_preference": "chat",
        "is_free_agent": True, "free_agent_skills": "Data analysis and making dashboards people actually read",
        "free_agent_days_per_month": 2,
    },
    {
        "email": "chloe.martin@example.org", "display_name": "Chloe Martin",
        "organisation": "department-for-work-and-pensions", "profession": "Product manager", "country": "GB",
        "languages": "English, French", "skills": "Product management, discovery, prioritisation",
        "contact_preference": "email", "is_free_agent": True,
        "free_agent_skills": "Running discoveries and framing problems", "free_agent_days_per_month": 3,
    },
    {
        "email": "ffion.pritchard@example.org", "display_name": "Ffion Pritchard", "organisation": "welsh-government",
        "profession": "Policy adviser", "country": "GB", "languages": "Welsh, English",
        "skills": "Policy design, bilingual services, facilitation", "contact_preference": "phone",
    },
    {
        "email": "hannah.whitfield@example.org", "display_name": "Hannah Whitfield",
        "organisation": "nhs-greater-manchester", "profession": "Improvement lead", "country": "GB",
        "languages": "English", "skills": "Quality improvement, coaching, wellbeing",
        "contact_preference": "in_person",
    },
    {
        "email": "graham.liddell@example.org", "display_name": "Graham Liddell",
        "organisation": "newcastle-city-council", "profession": "Business analyst", "country": "GB",
        "languages": "English", "skills": "Requirements, process redesign", "contact_preference": "email",
        "digest_frequency": "off",
    },
    {
        "email": "samuel.adeyemi@example.org", "display_name": "Samuel Adeyemi", "organisation": "citizens-advice",
        "profession": "Volunteer coordinator", "country": "GB", "languages": "English, Yoruba",
        "skills": "Volunteering, advice services, partnerships", "contact_preference": "email",
        "show_organisation": False,
    },
    {
        "email": "marc-andre.tremblay@example.org", "display_name": "Marc-André Tremblay",
        "organisation": "employment-and-social-development-canada", "profession": "Policy analyst",
        "country": "CA", "languages": "French, English", "skills": "Policy analysis, labour markets, facilitation",
        "contact_preference": "chat", "is_free_agent": True,
        "free_agent_skills": "Policy analysis and workshop facilitation, in French or English",
        "free_agent_days_per_month": 4,
    },
    {
        "email": "aisha.karim@example.org", "display_name": "Aisha Karim", "organisation": "canadian-digital-service",
        "profession": "User researcher", "country": "CA", "languages": "English, Urdu",
        "skills": "User research, usability testing, accessibility", "contact_preference": "email",
        "is_free_agent": True, "free_agent_skills": "User research and accessibility reviews",
        "free_agent_days_per_month": 5,
    },
    {
        "email": "liam.oconnor@example.org", "display_name": "Liam O'Connor",
        "organisation": "digital-transformation-agency", "profession": "Content designer", "country": "AU",
        "languages": "English", "skills": "Content design, plain language, style guides",
        "contact_preference": "chat",
    },
    {
        "email": "aroha.whaanga@example.org", "display_name": "Aroha Whaanga",
        "organisation": "department-of-internal-affairs", "profession": "Digital service lead", "country": "NZ",
        "languages": "English, Te Reo Māori", "skills": "Service ownership, partnership with communities",
        "contact_preference": "phone",
    },
    {
        "email": "ingrid.haugland@example.org", "display_name": "Ingrid Haugland", "organisation": "nav",
        "profession": "Innovation lead", "country": "NO", "languages": "Norwegian, English, Swedish",
        "skills": "Unconferences, systems change, process leadership", "contact_preference": "in_person",
    },
    {
        "email": "aino.lehtonen@example.org", "display_name": "Aino Lehtonen",
        "organisation": "digital-and-population-data-services-agency", "profession": "Enterprise architect",
        "country": "FI", "languages": "Finnish, Swedish, English", "skills": "Architecture, interoperability",
        "contact_preference": "email", "show_profession": False,
    },
    {
        "email": "elin.bergqvist@example.org", "display_name": "Elin Bergqvist", "organisation": "skatteverket",
        "profession": "Organisational developer", "country": "SE", "languages": "Swedish, English",
        "skills": "Leadership development, coaching", "contact_preference": "chat",
    },
    {
        "email": "jonas.weber@example.org", "display_name": "Jonas Weber",
        "organisation": "swiss-federal-chancellery", "profession": "Digital transformation adviser",
        "country": "CH", "languages": "German, French, English", "skills": "Digital strategy, open government",
        "contact_preference": "email", "profile_public": False,
    },
]


# --- Chapters ----------------------------------------------------------------
GLOBAL_DESCRIPTION = """\
OneTeam Global joins up every chapter, wherever it meets. We are public servants and friends of public
services who think government works better as **one team**: across departments, professions, sectors
and borders.

What we do together:

- a **global unconference** each year, where the people in the room set the agenda;
- online gatherings on themes that matter everywhere, such as wellbeing at work and the climate emergency;
- *OneTeam in a box*: the principles, a start-up checklist and event templates for anyone who wants to
  start a chapter where they work.

New here? Join the chapter nearest to you, or start one.
"""

HACKNEY_DESCRIPTION = """\
A chapter for anyone working at Hackney Council who wants to change how the council works, starting
with small, practical steps.

We meet **once a month for a breakfast lean coffee**: bring a topic, vote on what to talk about, and
leave with something to try. Our first sessions brought together people from housing needs, ICT and
adult social care, many meeting for the first time.

Themes so far:

1. knowing what other teams are working on, so we stop duplicating effort;
2. finding ways of keeping in touch that people actually use.
"""

# slug: dict(name, level, parent slug, country, city, rhythm, description, age_days)
CHAPTERS = {
    "global": dict(
        name="OneTeam Global", level="global", parent=None, country="", city="",
        rhythm="A global unconference each year, online gatherings every quarter",
        description=GLOBAL_DESCRIPTION, age_days=8 * 365,
    ),
    "uk": dict(
        name="OneTeam UK", level="country", parent="global", country="GB", city="", rhythm="Quarterly",
        description="Where the movement began: unconferences, breakfast meetups and a blog anyone can write for.",
        age_days=8 * 365,
    ),
    "canada": dict(
        name="OneTeam Canada", level="country", parent="global", country="CA", city="", rhythm="Monthly, online",
        description=(
            "Public servants across Canada, meeting online in **English and French**. "
            "We have a soft spot for the *Free Agents* model: lending your skills wherever they are needed."
        ),
        age_days=7 * 365,
    ),
    "australia": dict(
        name="OneTeam Australia", level="country", parent="global", country="AU", city="Canberra",
        rhythm="Monthly lean coffee", description="Lean coffee and meetups for public servants in every state.",
        age_days=6 * 365,
    ),
    "new-zealand": dict(
        name="OneTeam New Zealand", level="country", parent="global", country="NZ", city="Wellington",
        rhythm="Every two months", description="Kia ora! Public servants in Aotearoa working as one team.",
        age_days=6 * 365,
    ),
    "norway": dict(
        name="OneTeam Norway", level="country", parent="global", country="NO", city="Oslo", rhythm="Monthly",
        description=(
            "Breakfast meetups in Oslo, workshops with innovation hubs, and a hand in organising the "
            "global unconference."
        ),
        age_days=7 * 365,
    ),
    "finland": dict(
        name="OneTeam Finland", level="country", parent="global", country="FI", city="Helsinki",
        rhythm="Monthly", description="A Finnish chapter for reformers in ministries, agencies and cities.",
        age_days=6 * 365,
    ),
    "sweden": dict(
        name="OneTeam Sweden", level="country", parent="global", country="SE", city="Stockholm",
        rhythm="Every six weeks", description="Swedish public servants meeting across agency lines.",
        age_days=7 * 365,
    ),
    "switzerland": dict(
        name="OneTeam Switzerland", level="country", parent="global", country="CH", city="Bern",
        rhythm="Quarterly", description="A small chapter meeting in German, French and English.",
        age_days=5 * 365,
    ),
    "hackney-council": dict(
        name="OneTeam Hackney Council", level="local", parent="uk", country="GB", city="Hackney Council",
        rhythm="Monthly breakfast lean coffee", description=HACKNEY_DESCRIPTION, age_days=120,
    ),
    "croydon-council": dict(
        name="OneTeam Croydon Council", level="local", parent="uk", country="GB", city="Croydon Council",
        rhythm="Monthly",
        description="Council staff in Croydon meeting to share what they are working on and help each other out.",
        age_days=200,
    ),
    "leeds": dict(
        name="OneTeam Leeds", level="local", parent="uk", country="GB", city="Leeds", rhythm="Monthly",
        description="Public servants from every organisation in Leeds: council, NHS, central government and charities.",
        age_days=5 * 365,
    ),
    "manchester": dict(
        name="OneTeam Manchester", level="local", parent="uk", country="GB", city="Manchester",
        rhythm="Monthly lean coffee",
        description="Health, council and central government colleagues in Greater Manchester.",
        age_days=6 * 365,
    ),
    "newcastle": dict(
        name="OneTeam Newcastle", level="local", parent="uk", country="GB", city="Newcastle", rhythm="Monthly",
        description="Used to meet monthly in the city centre. Looking for someone to pick it up again.",
        age_days=4 * 365,
    ),
    "wales": dict(
        name="OneTeam Wales", level="local", parent="uk", country="GB", city="Cardiff",
        rhythm="Monthly, alternating Welsh and English",
        description="Cyfarfodydd yn Gymraeg ac yn Saesneg. Meetups in Welsh and English, in Cardiff and online.",
        age_days=7 * 365,
    ),
    "scotland": dict(
        name="OneTeam Scotland", level="local", parent="uk", country="GB", city="Edinburgh", rhythm="Monthly",
        description="Scottish public servants meeting in Edinburgh and Glasgow.",
        age_days=7 * 365,
    ),
}

# slug: [(e-mail, role)] — the first organiser listed is the one events are created by.
MEMBERSHIPS = {
    "global": [
        (ORGANISER_EMAIL, "organiser"), ("ingrid.haugland@example.org", "organiser"),
        ("liam.oconnor@example.org", "organiser"), ("marc-andre.tremblay@example.org", "organiser"),
        ("aisha.karim@example.org", "member"), ("aroha.whaanga@example.org", "member"),
        ("aino.lehtonen@example.org", "member"), ("elin.bergqvist@example.org", "member"),
        ("jonas.weber@example.org", "member"), ("samuel.adeyemi@example.org", "member"),
        ("chloe.martin@example.org", "member"), ("hannah.whitfield@example.org", "member"),
    ],
    "uk": [("chloe.martin@example.org", "organiser"), ("ffion.pritchard@example.org", "organiser"),
           ("daniel.osei@example.org", "member")],
    "canada": [("marc-andre.tremblay@example.org", "organiser"), ("aisha.karim@example.org", "organiser")],
    "australia": [("liam.oconnor@example.org", "organiser")],
    "new-zealand": [("aroha.whaanga@example.org", "organiser")],
    "norway": [("ingrid.haugland@example.org", "organiser")],
    "finland": [("aino.lehtonen@example.org", "organiser")],
    "sweden": [("elin.bergqvist@example.org", "organiser")],
    "switzerland": [("jonas.weber@example.org", "organiser")],
    "hackney-council": [
        (ORGANISER_EMAIL, "organiser"), ("niamh.brennan@example.org", "organiser"),
        (MEMBER_EMAIL, "member"), ("kwame.mensah@example.org", "member"),
        ("chloe.martin@example.org", "member"), ("samuel.adeyemi@example.org", "member"),
        ("leila.haddad@example.org", "member"), ("daniel.osei@example.org", "member"),
    ],
    # A single organiser: the health view should suggest finding a co-organiser.
    "croydon-council": [("leila.haddad@example.org", "organiser"), ("samuel.adeyemi@example.org", "member")],
    "leeds": [("daniel.osei@example.org", "organiser"), ("chloe.martin@example.org", "organiser")],
    "manchester": [("hannah.whitfield@example.org", "organiser"), ("niamh.brennan@example.org", "organiser")],
    "newcastle": [("graham.liddell@example.org", "organiser")],
    "wales": [("ffion.pritchard@example.org", "organiser"), ("kwame.mensah@example.org", "organiser")],
    "scotland": [("chloe.martin@example.org", "organiser"), ("daniel.osei@example.org", "organiser")],
}

# Starter checklist for local chapters: key -> days ago it was ticked (None: still to do).
CHECKLIST_KEYS = ["co-organiser", "rhythm", "first-lean-coffee", "principles"]
CHECKLISTS = {
    "hackney-council": {"co-organiser": 110, "rhythm": 100, "first-lean-coffee": 90, "principles": None},
    "croydon-council": {"co-organiser": None, "rhythm": 190, "first-lean-coffee": 180, "principles": 180},
    "leeds": {"co-organiser": 1800, "rhythm": 1800, "first-lean-coffee": 1790, "principles": 1790},
    "manchester": {"co-organiser": 2100, "rhythm": 2100, "first-lean-coffee": 2090, "principles": 2000},
    "newcastle": {"co-organiser": None, "rhythm": 1400, "first-lean-coffee": 1390, "principles": None},
    "wales": {"co-organiser": 2500, "rhythm": 2500, "first-lean-coffee": 2490, "principles": 2490},
    "scotland": {"co-organiser": 2500, "rhythm": 2500, "first-lean-coffee": 2490, "principles": None},
}


# --- Events ------------------------------------------------------------------
HACKNEY_FIRST_DESCRIPTION = """\
Our very first get-together. Coffee and pastries from 8.30, then:

1. **What is OneTeam?** Five minutes on the idea and the principles.
2. **Introductions** — most of us have never met.
3. **Lean coffee** — everyone suggests topics about making the council work better, we dot-vote, and
   talk about the most popular ones in short timeboxes.
4. **A quick retrospective** using the 4Ls: liked, learned, lacked, longed for.

### What we talked about

Topics suggested included wrapping projects up well, a culture where people feel trusted to act,
getting more out of our data, teams that improve themselves, and governing work that cuts across
services. The two with most votes:

- **Knowing what everyone is working on.** A project's fixed facts are not the same as the story of
  what it is achieving. Start-up and close-down checklists help. It is hard to find out who owns what —
  and too much information is as bad as too little. Are clashing objectives between teams always bad?
  ICT shared how they use objectives and key results.
- **Keeping in touch in ways that work.** "No time" often hides a deeper reason for not taking part.
  People tune out anything that doesn't look like their day job. Meet face to face first, and ask people
  how they like to be contacted. When you invite someone onto a project, talk to their manager about
  time and to their team about impact. Shared objectives help: start small and build give-and-take.
"""

HACKNEY_MONTHLY_DESCRIPTION = """\
Our monthly breakfast **lean coffee**. Bring a topic about how the council works — or just bring yourself.

- 08:30 coffee, pastries and introductions
- 08:45 propose topics and vote (three dots each)
- 09:00 discuss, eight minutes a topic, and decide together whether to keep going
- 09:25 actions and a two-minute retrospective

Everyone who works at or with the council is welcome, whatever your team or grade.
"""

UNCONFERENCE_DESCRIPTION = """\
A day with **no set agenda**: the people who come make the programme. Anyone can pitch a session in the
morning; we fit the pitches into rooms and time slots, and you go to whatever you find most useful.

Last time more than a thousand people joined us from 27 countries, in the room and online.

**Themes people have already suggested**

- designing services closer to what citizens actually experience;
- diversity and inclusion at every level of government;
- leadership that doesn't depend on seniority;
- opening up our work so nobody builds the same thing twice;
- fairer, more open procurement;
- what public service is for when the nature of work changes.

You can pitch in advance, so people with similar ideas can join forces before the day.
The venue is step-free with a quiet room; every session in the main hall is captioned and streamed.
"""

FREE_AGENTS_DESCRIPTION = """\
Could public servants move to where their skills are needed, for a few days a month, without changing jobs?
That is the idea behind **Free Agents**.

In this hands-on workshop we will:

1. hear from people who have worked as free agents, and from teams who hosted them;
2. map the skills in the room against problems teams have brought along;
3. sketch what it would take to try the model in your own organisation.

Held online, in English with questions welcome in French.
"""

WELLBEING_DESCRIPTION = """\
An online gathering open to anyone, anywhere, about **looking after ourselves and each other** in public
service: workload, burnout, and what teams and leaders can practically do about it.

Short talks, then small breakout groups by time zone. Each group leaves with one microaction.
"""

# slug: dict(chapter, title, format, zone, day offset, local start "HH:MM", minutes, capacity, venue, online, description, status, feedback_published)
EVENTS = {
    "hackney-first-lean-coffee": dict(
        chapter="hackney-council", title="Our first lean coffee", format="lean_coffee", zone="Europe/London",
        days=-84, at="08:30", minutes=90, capacity=12, venue="Hackney Town Hall, committee room 3",
        online="", description=HACKNEY_FIRST_DESCRIPTION, feedback_published=True,
    ),
    "hackney-lean-coffee-2": dict(
        chapter="hackney-council", title="Monthly lean coffee: ending projects well", format="lean_coffee",
        zone="Europe/London", days=-56, at="08:30", minutes=60, capacity=12,
        venue="Hackney Town Hall, committee room 3", online="", description=HACKNEY_MONTHLY_DESCRIPTION,
        feedback_published=True,
    ),
    "hackney-lean-coffee-3": dict(
        chapter="hackney-council", title="Monthly lean coffee", format="lean_coffee", zone="Europe/London",
        days=-28, at="08:30", minutes=60, capacity=12, venue="Hackney Service Centre, meeting room 1",
        online="", description=HACKNEY_MONTHLY_DESCRIPTION,
    ),
    "hackney-lean-coffee-next": dict(
        chapter="hackney-council", title="Monthly lean coffee", format="lean_coffee", zone="Europe/London",
        days=9, at="08:30", minutes=60, capacity=6, venue="Hackney Town Hall, committee room 3",
        online="", description=HACKNEY_MONTHLY_DESCRIPTION,
    ),
    "global-unconference": dict(
        chapter="global", title="OneTeam Global unconference", format="unconference", zone="Europe/Oslo",
        days=60, at="09:00", minutes=8 * 60, capacity=1200, venue="Oslo Kongressenter, Youngs gate 21, Oslo",
        online="https://meet.example.org/oneteam-global", description=UNCONFERENCE_DESCRIPTION,
    ),
    "canada-free-agents-workshop": dict(
        chapter="canada", title="Free Agents: taking your skills where they are needed", format="workshop",
        zone="America/Toronto", days=16, at="13:00", minutes=120, capacity=40, venue="",
        online="https://meet.example.org/free-agents", description=FREE_AGENTS_DESCRIPTION,
    ),
    "global-wellbeing-gathering": dict(
        chapter="global", title="Looking after each other: wellbeing in public service", format="other",
        zone="Europe/London", days=-45, at="12:00", minutes=120, capacity=1000, venue="",
        online="https://meet.example.org/oneteam-wellbeing", description=WELLBEING_DESCRIPTION,
        feedback_published=True,
    ),
    "australia-lean-coffee": dict(
        chapter="australia", title="Canberra breakfast lean coffee", format="lean_coffee", zone="Australia/Sydney",
        days=-12, at="07:45", minutes=75, capacity=20, venue="Café on Marcus Clarke Street, Canberra",
        online="", description="Monthly lean coffee before work. Topics are chosen on the day.",
    ),
    "norway-breakfast-meetup": dict(
        chapter="norway", title="Frokostmøte: samarbeid på tvers", format="meetup", zone="Europe/Oslo",
        days=23, at="08:00", minutes=90, capacity=50, venue="SoCentral, Oslo", online="",
        description="Frokost og samtaler om å jobbe på tvers av etater. Breakfast and talk, in Norwegian and English.",
    ),
    "croydon-meetup": dict(
        chapter="croydon-council", title="Croydon show and tell", format="meetup", zone="Europe/London",
        days=-20, at="12:30", minutes=60, capacity=25, venue="Bernard Weatherill House, Croydon", online="",
        description="Five-minute show and tells from teams across the council, then lunch.",
    ),
    "manchester-lean-coffee-past": dict(
        chapter="manchester", title="Manchester lean coffee: wellbeing at work", format="lean_coffee",
        zone="Europe/London", days=-35, at="08:00", minutes=60, capacity=15, venue="Central Library, Manchester",
        online="", description="Lean coffee for anyone in public service in Greater Manchester.",
    ),
    "manchester-lean-coffee": dict(
        chapter="manchester", title="Manchester lean coffee", format="lean_coffee", zone="Europe/London",
        days=30, at="08:00", minutes=60, capacity=15, venue="Central Library, Manchester", online="",
        description="Lean coffee for anyone in public service in Greater Manchester.",
        status="draft",
    ),
    "leeds-meetup": dict(
        chapter="leeds", title="Leeds meetup: who is working on what?", format="meetup", zone="Europe/London",
        days=-14, at="17:30", minutes=90, capacity=30, venue="Leeds Central Library, Calverley Street",
        online="", description=(
            "An evening of **two-minute lightning talks**: each team says what it is working on and what help "
            "it needs, so we can spot overlaps before they become duplicates."
        ),
    ),
    "wales-lean-coffee": dict(
        chapter="wales", title="Coffi darbodus / Lean coffee", format="lean_coffee", zone="Europe/London",
        days=5, at="08:30", minutes=60, capacity=20, venue="Cathays Park, Cardiff",
        online="https://meet.example.org/oneteam-wales",
        description="Sesiwn ddwyieithog. A bilingual lean coffee, in the room and online.",
    ),
    "scotland-lean-coffee": dict(
        chapter="scotland", title="Edinburgh lean coffee", format="lean_coffee", zone="Europe/London",
        days=-7, at="08:15", minutes=60, capacity=20, venue="Victoria Quay, Edinburgh", online="",
        description="Monthly lean coffee for anyone in Scottish public service.",
    ),
    # The last thing the Newcastle chapter did: more than a year ago.
    "newcastle-lean-coffee": dict(
        chapter="newcastle", title="Newcastle lean coffee", format="lean_coffee", zone="Europe/London",
        days=-430, at="08:30", minutes=60, capacity=15, venue="Civic Centre, Newcastle", online="",
        description="Monthly lean coffee in the Civic Centre.",
    ),
}

HACKNEY_FIRST_ATTENDEES = [
    ORGANISER_EMAIL, "niamh.brennan@example.org", MEMBER_EMAIL, "kwame.mensah@example.org",
    "leila.haddad@example.org",
]
HACKNEY_REGULARS = [
    ORGANISER_EMAIL, "niamh.brennan@example.org", MEMBER_EMAIL, "kwame.mensah@example.org",
    "chloe.martin@example.org", "samuel.adeyemi@example.org",
]
# Everyone but three Hackney and Newcastle regulars went to the global online gathering.
GLOBAL_PEOPLE = [
    person["email"] for person in PEOPLE
    if person["email"] not in (MEMBER_EMAIL, "graham.liddell@example.org", "kwame.mensah@example.org")
]

# Who holds a place at each event (confirmed, in seat order), and who waits.
REGISTRATIONS = {
    "hackney-first-lean-coffee": HACKNEY_FIRST_ATTENDEES,
    "hackney-lean-coffee-2": HACKNEY_REGULARS,
    "hackney-lean-coffee-3": HACKNEY_REGULARS[:4] + ["daniel.osei@example.org"],
    # Six places, eight people: the last two are on the waiting list. Tom (member@) is not signed up yet.
    "hackney-lean-coffee-next": [
        ORGANISER_EMAIL, "niamh.brennan@example.org", "kwame.mensah@example.org", "chloe.martin@example.org",
        "samuel.adeyemi@example.org", "leila.haddad@example.org", "daniel.osei@example.org",
        "hannah.whitfield@example.org",
    ],
    "global-unconference": [
        ORGANISER_EMAIL, "ingrid.haugland@example.org", "liam.oconnor@example.org",
        "marc-andre.tremblay@example.org", "aisha.karim@example.org", "aroha.whaanga@example.org",
        "aino.lehtonen@example.org", "elin.bergqvist@example.org", "jonas.weber@example.org",
        "ffion.pritchard@example.org", MEMBER_EMAIL,
    ],
    "canada-free-agents-workshop": [
        "marc-andre.tremblay@example.org", "aisha.karim@example.org", "chloe.martin@example.org",
        "daniel.osei@example.org",
    ],
    "global-wellbeing-gathering": GLOBAL_PEOPLE,
    "australia-lean-coffee": ["liam.oconnor@example.org", "aroha.whaanga@example.org"],
    "norway-breakfast-meetup": ["ingrid.haugland@example.org", "elin.bergqvist@example.org", "aino.lehtonen@example.org"],
    "croydon-meetup": ["leila.haddad@example.org", "samuel.adeyemi@example.org"],
    "manchester-lean-coffee-past": ["hannah.whitfield@example.org", "niamh.brennan@example.org"],
    "leeds-meetup": ["daniel.osei@example.org", "chloe.martin@example.org", "hannah.whitfield@example.org"],
    "wales-lean-coffee": ["ffion.pritchard@example.org", "kwame.mensah@example.org"],
    "scotland-lean-coffee": ["chloe.martin@example.org", "daniel.osei@example.org"],
    "newcastle-lean-coffee": ["graham.liddell@example.org"],
}

ACCESSIBILITY_NEEDS = {
    ("hackney-lean-coffee-next", "kwame.mensah@example.org"): "A seat near the door, please.",
    ("global-unconference", "aino.lehtonen@example.org"): "Live captions for the sessions I join online.",
}

# (e-mail, rating, liked, learned, lacked, longed for)
FEEDBACK = {
    "hackney-first-lean-coffee": [
        (ORGANISER_EMAIL, 5,
         "Meeting people from housing, ICT and social care I'd only ever e-mailed.",
         "Lean coffee works even when nobody knows each other.",
         "Colleagues from more directorates.",
         "A clear action each to take away."),
        ("niamh.brennan@example.org", 4,
         "How quickly the voting got us to the topics that mattered. And the pastries.",
         "Other services struggle with exactly the same things we do.",
         "Time: an hour and a half went very fast.",
         "A cooked breakfast next time!"),
        (MEMBER_EMAIL, 5,
         "A friendly, well-run session with no hierarchy in the room.",
         "ICT already use objectives and key results; we could borrow that.",
         "People from finance and HR.",
         "Agreed next steps with names against them."),
        ("kwame.mensah@example.org", 4,
         "Being asked how I like to be contacted.",
         "How the format works, from topic cards to timeboxes.",
         "",
         "More time for the second topic."),
        ("leila.haddad@example.org", 5,
         "Seeing another council's first meet-up after starting ours in Croydon.",
         "Keep the format simple and people come back.",
         "",
         "A joint session between our two councils."),
    ],
    "hackney-lean-coffee-2": [
        (ORGANISER_EMAIL, 4, "Two new faces from finance.", "Close-down checklists save a lot of pain later.", "", ""),
        ("niamh.brennan@example.org", 5, "The honest conversation about stopping work.", "", "", "A shared list of live projects."),
        (MEMBER_EMAIL, 4, "Shorter timeboxes kept the energy up.", "", "A second room; it got loud.", ""),
        ("chloe.martin@example.org", 5, "Hearing how a council does it.", "Councils and departments share most problems.", "", ""),
    ],
}

# The global online gathering: 15 replies, 13 of them excellent or very good (87%).
_WELLBEING_COMMENTS = [
    ("Small groups sorted by time zone, so nobody was up at 3am.",
     "Burnout shows up in teams long before it shows up in sickness figures.",
     "A way to keep talking to my group afterwards.",
     "A follow-up in six months."),
    ("Leaders talking openly about their own bad weeks.",
     "Other countries have peer-support schemes we could copy.",
     "",
     "Resources in more languages."),
    ("The microaction at the end: mine is a no-meetings Friday morning.", "", "", ""),
    ("Meeting people from 12 countries in one afternoon.", "", "Captions on the breakout rooms.", ""),
]
WELLBEING_RATINGS = [5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3]


@dataclass(frozen=True)
class DemoSummary:
    chapters: int
    people: int
    events: int
    created: int

    def message(self) -> str:
        return (
            f"Demo content ready: {self.chapters} chapters, {self.people} people, {self.events} events "
            f"({self.created} records added this run). "
            f"Sign in as {ORGANISER_EMAIL} / {ORGANISER_PASSWORD} (organiser) "
            f"or {MEMBER_EMAIL} / {MEMBER_PASSWORD} (member); "
            f"every other demo person uses {PERSON_PASSWORD}."
        )


class _Loader:
    def __init__(self) -> None:
        self.now = timezone.now()
        self.created = 0
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, object] = {}
        self.chapters: dict[str, Chapter] = {}
        self.events: dict[str, Event] = {}

    def _count(self, created: bool) -> None:
        self.created += int(created)

    def load(self) -> DemoSummary:
        self.load_organisations()
        self.load_people()
        self.load_chapters()
        self.load_memberships()
        self.load_checklists()
        self.load_events()
        self.load_registrations()
        self.load_feedback()
        return DemoSummary(
            chapters=len(self.chapters), people=len(self.people), events=len(self.events), created=self.created
        )

    def load_organisations(self) -> None:
        for slug, (name, kind, country, website) in ORGANISATIONS.items():
            organisation, created = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind, "country": country, "website": website}
            )
            self._count(created)
            self.organisations[slug] = organisation

    def load_people(self) -> None:
        User = get_user_model()
        for entry in PEOPLE:
            fields = dict(entry)
            email = fields.pop("email")
            fields["organisation"] = self.organisations[fields["organisation"]]
            fields.setdefault("profile_public", True)
            user, created = User.objects.get_or_create(email=email, defaults=fields)
            if created:
                user.set_password(DOCUMENTED_SIGN_INS.get(email, PERSON_PASSWORD))
                user.save(update_fields=["password"])
            elif email in DOCUMENTED_SIGN_INS and not user.check_password(DOCUMENTED_SIGN_INS[email]):
                # The README promises these two sign-ins work after `oneteam demo`.
                user.set_password(DOCUMENTED_SIGN_INS[email])
                user.save(update_fields=["password"])
            self._count(created)
            address, created = EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            self._count(created)
            if email in DOCUMENTED_SIGN_INS and not (address.verified and address.primary):
                address.verified = address.primary = True
                address.save(update_fields=["verified", "primary"])
            self.people[email] = user

    def load_chapters(self) -> None:
        # CHAPTERS lists every parent before its children.
        for slug, spec in CHAPTERS.items():
            parent = self.chapters[spec["parent"]] if spec["parent"] else None
            organiser = next(e for e, role in MEMBERSHIPS.get(slug, []) if role == "organiser")
            chapter, created = Chapter.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": spec["name"], "level": spec["level"], "parent": parent, "country": spec["country"],
                    "city": spec["city"], "rhythm": spec["rhythm"], "description": spec["description"],
                    "contact_email": organiser,
                },
            )
            if created:
                # created_at is filled in automatically; backdate it so the chapter has a history.
                Chapter.objects.filter(pk=chapter.pk).update(created_at=self.now - dt.timedelta(days=spec["age_days"]))
            self._count(created)
            self.chapters[slug] = chapter

    def load_memberships(self) -> None:
        for slug, members in MEMBERSHIPS.items():
            chapter = self.chapters[slug]
            age = CHAPTERS[slug]["age_days"]
            for position, (email, role) in enumerate(members):
                membership, created = Membership.objects.get_or_create(
                    chapter=chapter, user=self.people[email], defaults={"role": role}
                )
                if created:
                    joined = self.now - dt.timedelta(days=max(age - 7 * position, 1))
                    Membership.objects.filter(pk=membership.pk).update(joined_at=joined)
                self._count(created)

    def load_checklists(self) -> None:
        for slug, steps in CHECKLISTS.items():
            chapter = self.chapters[slug]
            organiser = self.people[MEMBERSHIPS[slug][0][0]]
            for position, key in enumerate(CHECKLIST_KEYS):
                days_ago = steps[key]
                done = days_ago is not None
                _, created = ChecklistItem.objects.get_or_create(
                    chapter=chapter, key=key,
                    defaults={
                        "position": position,
                        "done_at": self.now - dt.timedelta(days=days_ago) if done else None,
                        "done_by": organiser if done else None,
                    },
                )
                self._count(created)

    def _times(self, spec: dict) -> tuple[dt.datetime, dt.datetime]:
        """Start and end from today's date in the event's own zone, so a rerun the same day changes nothing."""
        zone = zoneinfo.ZoneInfo(spec["zone"])
        day = self.now.astimezone(zone).date() + dt.timedelta(days=spec["days"])
        hour, minute = (int(part) for part in spec["at"].split(":"))
        start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
        return start, start + dt.timedelta(minutes=spec["minutes"])

    def load_events(self) -> None:
        for slug, spec in EVENTS.items():
            chapter = self.chapters[spec["chapter"]]
            start, end = self._times(spec)
            event, created = Event.objects.get_or_create(
                slug=slug,
                defaults={
                    "chapter": chapter, "title": spec["title"], "format": spec["format"],
                    "status": spec.get("status", "published"), "start": start, "end": end,
                    "published_at": None if spec.get("status") == "draft" else self.now,
                    "timezone": spec["zone"], "venue": spec["venue"], "online_url": spec["online"],
                    "capacity": spec["capacity"], "description": spec["description"],
                    "feedback_published": spec.get("feedback_published", False),
                    "created_by": self.people[MEMBERSHIPS[spec["chapter"]][0][0]],
                },
            )
            self._count(created)
            if not created and (event.start != start or event.end != end):
                # Keep the demo fresh: upcoming events stay upcoming, past ones stay past.
                event.start, event.end = start, end
                event.sequence += 1
                event.save(update_fields=["start", "end", "sequence", "updated_at"])
            self.events[slug] = event

    def load_registrations(self) -> None:
        for slug, emails in REGISTRATIONS.items():
            event = self.events[slug]
            for email in emails:
                user = self.people[email]
                needs = ACCESSIBILITY_NEEDS.get((slug, email), "")
                if Registration.objects.filter(event=event, user=user).exists():
                    continue
                if not event.is_past and event.is_published:
                    # The same path a person takes: a seat while there is one, else the waiting list.
                    services.sign_up(event=event, by=user, accessibility_needs=needs)
                else:
                    self._attend(event, user, needs)
                self._count(True)

    def _attend(self, event: Event, user, needs: str) -> None:
        """Record that someone had a place at a past (or draft) event, if a seat is free."""
        taken = set(
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).values_list("seat", flat=True)
        )
        seat = next((s for s in range(1, event.capacity + 1) if s not in taken), None)
        if seat is None:
            Registration.objects.create(
                event=event, user=user, status=Registration.Status.WAITING, accessibility_needs=needs
            )
        else:
            Registration.objects.create(
                event=event, user=user, status=Registration.Status.CONFIRMED, seat=seat, accessibility_needs=needs
            )

    def load_feedback(self) -> None:
        replies = dict(FEEDBACK)
        replies["global-wellbeing-gathering"] = [
            (email, rating, *_WELLBEING_COMMENTS[index % len(_WELLBEING_COMMENTS)])
            for index, (email, rating) in enumerate(zip(GLOBAL_PEOPLE, WELLBEING_RATINGS))
        ]
        for slug, rows in replies.items():
            event = self.events[slug]
            for email, rating, liked, learned, lacked, longed_for in rows:
                _, created = Feedback.objects.get_or_create(
                    event=event, user=self.people[email],
                    defaults={
                        "rating": rating, "liked": liked, "learned": learned,
                        "lacked": lacked, "longed_for": longed_for,
                    },
                )
                self._count(created)


def load_demo() -> DemoSummary:
    """Load (or top up) the demo content in one transaction and say what is there."""
    with transaction.atomic():
        return _Loader().load()
