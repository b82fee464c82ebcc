"""A hand-written map of public-sector concepts and the ways people name them.

Two project write-ups often describe the same work in different words: one team
"helps older residents get online", another offers "digital skills support for
over-65s". Each concept below lists phrasings that mean the same thing in this
domain; the analyser adds one concept token wherever any of them occurs, so the
two write-ups share two rare tokens even though they share no content word.

Phrases are written in plain English and analysed with the same tokeniser and
stemmer as the documents, so plurals and other word forms match too. Keep the
groups tight: a phrase that belongs to two ideas does more harm than good.
"""

from __future__ import annotations

CONCEPTS: dict[str, tuple[str, ...]] = {
    "older_people": (
        "older people", "older person", "older residents", "older adults",
        "older citizens", "elderly", "over 65s", "over 65", "over 70s", "over 75s",
        "pensioners", "retired people", "later life", "senior citizens", "seniors",
        "ageing population", "aged 65", "old age",
    ),
    "young_people": (
        "young people", "young person", "youth", "teenagers", "adolescents",
        "under 25s", "16 to 24", "school leavers", "care leavers", "young adults",
    ),
    "children_families": (
        "children", "child", "families", "family", "parents", "early years",
        "toddlers", "babies", "nursery", "childcare",
    ),
    "digital_inclusion": (
        "digital skills", "get online", "getting online", "go online",
        "digital inclusion", "digitally excluded", "digital exclusion",
        "digital divide", "digital literacy", "internet skills", "computer skills",
        "using the internet", "use the internet", "tablets", "device lending",
        "online confidence", "digital champions",
    ),
    "loneliness": (
        "loneliness", "lonely", "social isolation", "socially isolated", "isolated",
        "befriending", "befriend", "social connection", "cut off",
    ),
    "homelessness": (
        "homelessness", "homeless", "rough sleeping", "rough sleepers",
        "sleeping rough", "temporary accommodation", "no fixed abode",
        "housing first", "street homelessness",
    ),
    "housing": (
        "housing", "social housing", "council housing", "tenants", "tenancy",
        "landlords", "rent", "affordable homes", "housing association",
        "repairs", "damp", "mould",
    ),
    "mental_health": (
        "mental health", "wellbeing", "anxiety", "depression", "stress",
        "emotional support", "counselling", "talking therapies", "mental illness",
        "suicide prevention",
    ),
    "social_care": (
        "social care", "adult social care", "care homes", "home care", "carers",
        "care workers", "domiciliary care", "care packages", "reablement",
        "care needs assessment",
    ),
    "health_services": (
        "nhs", "gp", "gps", "general practice", "hospital", "hospitals",
        "primary care", "clinics", "patients", "health service", "doctors",
        "nurses", "pharmacy", "pharmacies",
    ),
    "hospital_discharge": (
        "hospital discharge", "discharge from hospital", "leaving hospital",
        "delayed discharge", "bed blocking", "going home from hospital",
    ),
    "waiting_times": (
        "waiting list", "waiting lists", "waiting times", "backlog", "backlogs",
        "queue", "queues", "delays", "long waits",
    ),
    "benefits": (
        "benefits", "universal credit", "welfare", "pension credit",
        "housing benefit", "council tax reduction", "entitlements",
        "unclaimed benefits", "income support", "financial support",
    ),
    "poverty": (
        "poverty", "cost of living", "low income", "hardship", "food banks",
        "food bank", "food poverty", "fuel poverty", "debt", "money advice",
        "struggling financially", "make ends meet",
    ),
    "employment": (
        "employment", "jobs", "job seekers", "jobseekers", "unemployed",
        "unemployment", "into work", "back to work", "careers", "job centre",
        "jobcentre", "work coaches", "apprenticeships", "apprentices",
        "find work", "finding work",
    ),
    "climate": (
        "climate", "net zero", "carbon", "emissions", "decarbonisation",
        "climate change", "climate emergency", "sustainability", "green",
        "retrofit", "insulation", "heat pumps", "energy efficiency",
    ),
    "waste_recycling": (
        "recycling", "waste", "bins", "bin collections", "rubbish", "refuse",
        "fly tipping", "landfill", "litter", "composting",
    ),
    "transport": (
        "transport", "buses", "bus", "trains", "rail", "cycling", "cycle lanes",
        "walking", "active travel", "commuting", "public transport", "travel",
        "roads", "potholes", "traffic", "parking",
    ),
    "education": (
        "schools", "school", "pupils", "students", "teachers", "education",
        "learning", "classrooms", "colleges", "universities", "training",
        "courses", "lessons", "tutoring",
    ),
    "disability_accessibility": (
        "accessibility", "accessible", "disabled people", "disability",
        "disabilities", "screen readers", "wcag", "assistive technology",
        "wheelchair users", "learning disabilities", "neurodivergent",
        "easy read", "impairments",
    ),
    "user_research": (
        "user research", "user researchers", "user needs", "interviews with users",
        "usability testing", "user testing", "service design", "design research",
        "talk to users", "talking to users", "research with residents",
        "lived experience", "co design", "codesign", "co production",
    ),
    "open_data": (
        "open data", "publish data", "publishing data", "data sharing",
        "share data", "sharing data", "datasets", "data sets", "data standards",
        "open standards", "apis", "api",
    ),
    "forms_paperwork": (
        "paper forms", "forms", "paperwork", "application form",
        "application forms", "online forms", "form filling", "pdf forms",
        "digitise", "digitising", "digitisation", "manual processes",
    ),
    "contact_centre": (
        "call centre", "contact centre", "phone lines", "telephone", "calls",
        "helpline", "switchboard", "customer services", "enquiries",
        "phone queues", "webchat", "chatbot",
    ),
    "automation_ai": (
        "artificial intelligence", "ai", "machine learning", "automation",
        "automate", "automated", "robotic process automation", "rpa",
        "language models", "chatbots", "algorithms", "predictive analytics",
    ),
    "legacy_technology": (
        "legacy systems", "legacy technology", "legacy it", "old systems",
        "mainframe", "cloud migration", "move to the cloud", "moving to the cloud",
        "cloud hosting", "decommissioning", "replace the system",
        "outdated systems", "technical debt",
    ),
    "procurement": (
        "procurement", "buying", "suppliers", "supplier", "contracts",
        "tenders", "tendering", "commissioning", "purchasing", "vendors",
        "frameworks",
    ),
    "volunteering": (
        "volunteers", "volunteering", "volunteer", "community groups",
        "charities", "charity", "voluntary sector", "third sector", "mutual aid",
    ),
    "community_engagement": (
        "community engagement", "consultation", "consultations",
        "public engagement", "citizens assembly", "citizens panel",
        "participatory budgeting", "have their say", "residents views",
        "listening to residents", "engagement",
    ),
    "crime_safety": (
        "crime", "police", "policing", "antisocial behaviour", "community safety",
        "domestic abuse", "domestic violence", "violence", "safeguarding",
        "knife crime", "offenders", "probation", "prisons", "prison",
    ),
    "migration": (
        "refugees", "asylum seekers", "asylum", "migrants", "immigration",
        "resettlement", "new arrivals", "english as a second language", "esol",
        "translation", "interpreters", "interpreting",
    ),
    "veterans": (
        "veterans", "armed forces", "ex service", "service leavers", "military",
    ),
    "rural": (
        "rural", "villages", "remote communities", "countryside", "farming",
        "farmers", "agriculture",
    ),
    "flooding": (
        "flooding", "floods", "flood", "flood risk", "drainage", "storms",
        "extreme weather", "heatwaves", "resilience",
    ),
    "energy": (
        "energy", "electricity", "heating", "energy bills", "fuel", "solar",
        "renewables", "warm homes", "gas",
    ),
    "libraries_culture": (
        "libraries", "library", "museums", "arts", "culture", "heritage",
        "leisure centres", "parks", "green spaces",
    ),
    "local_taxes": (
        "council tax", "business rates", "local taxes", "tax bills",
        "payments", "paying bills", "direct debit", "arrears",
    ),
    "appointments": (
        "appointments", "booking", "book online", "bookings", "scheduling",
        "reminders", "missed appointments", "no shows",
    ),
    "staff_skills": (
        "staff training", "upskilling", "reskilling", "capability building",
        "learning and development", "skills academy", "digital capability",
        "civil servants", "workforce", "public servants", "colleagues",
    ),
    "collaboration": (
        "joined up", "join up", "across departments", "cross government",
        "cross department", "silos", "working together", "partnership",
        "collaboration", "collaborate", "one team", "shared services",
    ),
    "working_in_open": (
        "work in the open", "working in the open", "weeknotes", "blog posts",
        "blogging", "show and tell", "show and tells", "transparency",
        "publish our work", "share what we learn",
    ),
    "identity_verification": (
        "identity verification", "verify identity", "proving identity",
        "id checks", "login", "sign in", "single sign on", "authentication",
        "one login", "accounts",
    ),
    "food": (
        "food", "meals", "school meals", "free school meals", "nutrition",
        "holiday hunger", "community fridge", "community kitchen",
    ),
    "addiction": (
        "addiction", "drugs", "alcohol", "substance misuse", "recovery services",
        "drug treatment", "harm reduction", "gambling",
    ),
    "air_quality": (
        "air quality", "air pollution", "pollution", "clean air", "emission zone",
        "low emission zone",
    ),
    "planning_development": (
        "planning applications", "planning permission", "local plan",
        "building control", "development control", "regeneration",
        "planning system", "new developments",
    ),
}
