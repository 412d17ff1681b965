"""What the demo's training programme is made of: its courses and their sessions, the
agencies' practitioners and managers who book, and what they write in the surveys.
Everything is fictional; the written answers name nobody."""

from lantern.training.models import CourseKind, Mode

CHILDREN = "Demoshire Council Children's Services"
ADULTS = "Demoshire Council Adult Social Care"
ICB = "Demoshire Integrated Care Board"
POLICE = "Demoshire Police"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
COMMUNITY = "Demo Community and Mental Health NHS Trust"
GP = "Riverside Medical Practice"
EDUCATION = "Demoshire Education Services"
PROBATION = "Probation Service, Demoshire"
HOUSING = "Demo Homes"
CARE_HOME = "Meadowview Care Home"
AMBULANCE = "West Demo Ambulance Service"
WOMENS_AID = "Demo Women's Aid"

WORKING_TOGETHER = "Multi-agency safeguarding children: working together"
CARE_ACT = "Safeguarding adults and the Care Act"
NEGLECT = "Neglect and the graded care profile"
CAPACITY = "Mental capacity and self-neglect"
DOMESTIC_ABUSE = "Domestic abuse: coercive control and DASH"
EXPLOITATION = "Exploitation: contextual safeguarding"

#: Actions of the demo's reviews and audits that a course answers (by their titles).
DISGUISED_COMPLIANCE = "Brief Public Protection Unit officers on disguised compliance"
SELF_NEGLECT_PROCEDURE = "Write the self-neglect multi-agency meeting into the adults' procedures"
MARAC_SHARING = "Send MARAC risk assessments to the GP and housing provider"

COUNTY_HALL = "Training Room 1, Demoshire County Hall, Market Street, Demoton DM1 1AA"
RIVERSIDE = "Riverside Centre, 14 Quay Road, Demoton DM2 4BT"
POLICE_HQ = "Learning Centre, Demoshire Police Headquarters, Ridgeway, Demoton DM4 2PQ"
ONLINE = "Online (Microsoft Teams): the joining link comes with the booking confirmation."

# title: kind, description, outcomes, national theme slugs, action titles, anonymous,
# audience (the agencies whose staff book), trainer
COURSES: dict[str, dict] = {
    WORKING_TOGETHER: {
        "kind": CourseKind.CORE,
        "description": "A day on how agencies work together to protect children under "
        "Working Together to Safeguard Children 2023, using the partnership's own reviews.",
        "outcomes": [
            "Describe the roles of each agency in keeping children safe",
            "Know when and how to make a referral and ask for a strategy discussion",
            "Recognise disguised compliance and respond to it",
            "Escalate a disagreement about a child's safety using the partnership's policy",
        ],
        "themes": [
            "multi-agency-working",
            "child-protection-process",
            "voice-of-the-child",
            "professional-curiosity",
        ],
        "actions": [DISGUISED_COMPLIANCE],
        "anonymous": False,
        "audience": [CHILDREN, POLICE, EDUCATION, COMMUNITY, HOSPITAL, GP, ICB],
        "trainer": "Rebecca Hall (Children's Services) and DS Mark Reynolds (Demoshire Police)",
    },
    CARE_ACT: {
        "kind": CourseKind.CORE,
        "description": "The duties of the Care Act 2014 for adults at risk: raising a "
        "concern, section 42 enquiries and Making Safeguarding Personal.",
        "outcomes": [
            "Recognise the types of abuse and neglect the Care Act names",
            "Raise a safeguarding concern and know what happens next",
            "Explain the section 42 duty to make enquiries",
            "Put the adult's wishes and outcomes at the centre of the enquiry",
        ],
        "themes": ["making-safeguarding-personal", "legal-literacy", "multi-agency-working"],
        "actions": [],
        "anonymous": False,
        "audience": [ADULTS, CARE_HOME, HOUSING, COMMUNITY, HOSPITAL, AMBULANCE, GP, POLICE],
        "trainer": "Helen Carter, Principal Social Worker",
    },
    NEGLECT: {
        "kind": CourseKind.CORE,
        "description": "Recognising and assessing neglect over time with the Graded Care "
        "Profile 2, and working with families who seem to comply.",
        "outcomes": [
            "Recognise the signs of neglect and its cumulative harm",
            "Use the Graded Care Profile 2 with a family",
            "Notice missed appointments and cancelled visits as a pattern",
            "Agree with other agencies what must change and by when",
        ],
        "themes": ["child-neglect", "infants", "professional-curiosity"],
        "actions": [DISGUISED_COMPLIANCE],
        "anonymous": False,
        "audience": [CHILDREN, EDUCATION, COMMUNITY, GP, HOSPITAL, HOUSING],
        "trainer": "Siân Roberts, licensed Graded Care Profile 2 trainer",
    },
    CAPACITY: {
        "kind": CourseKind.CORE,
        "description": "Assessing capacity for a specific decision, and supporting adults "
        "who neglect themselves, with the learning of the partnership's self-neglect audit.",
        "outcomes": [
            "Apply the five principles of the Mental Capacity Act 2005",
            "Assess and record capacity for a specific decision at a specific time",
            "Recognise executive capacity: when a person can say but not do",
            "Call a multi-agency meeting for an adult who self-neglects",
        ],
        "themes": ["mental-capacity", "self-neglect", "making-safeguarding-personal"],
        "actions": [SELF_NEGLECT_PROCEDURE],
        "anonymous": False,
        "audience": [ADULTS, CARE_HOME, COMMUNITY, HOSPITAL, HOUSING, AMBULANCE, GP],
        "trainer": "Helen Carter (Adult Social Care) and Dr Kwame Mensah (Community Trust)",
    },
    DOMESTIC_ABUSE: {
        "kind": CourseKind.SPECIALIST,
        "description": "Coercive and controlling behaviour, the DASH risk checklist and "
        "referral to MARAC. Its surveys are anonymous: some who attend have lived "
        "experience of domestic abuse.",
        "outcomes": [
            "Recognise coercive and controlling behaviour",
            "Complete the DASH risk checklist with a victim",
            "Refer to MARAC and share the risk assessment with the GP and housing provider",
            "Plan safety with a victim and their children",
        ],
        "themes": ["domestic-abuse", "risk-assessment"],
        "actions": [MARAC_SHARING],
        "anonymous": True,
        "audience": [WOMENS_AID, POLICE, HOUSING, PROBATION, CHILDREN, ADULTS, GP, HOSPITAL],
        "trainer": "Farah Iqbal, Demo Women's Aid",
    },
    EXPLOITATION: {
        "kind": CourseKind.SPECIALIST,
        "description": "Criminal and sexual exploitation of young people, county lines, and "
        "safeguarding the places and peer groups where harm happens.",
        "outcomes": [
            "Recognise the signs of criminal and sexual exploitation",
            "Map the places and peer groups where a young person is at risk",
            "Use the partnership's exploitation screening tool",
        ],
        "themes": ["child-criminal-exploitation", "child-sexual-exploitation", "adolescents"],
        "actions": [],
        "anonymous": False,
        "audience": [CHILDREN, POLICE, EDUCATION, PROBATION, COMMUNITY, HOUSING],
        "trainer": "Jordan Ellis, Contextual Safeguarding Practitioner",
    },
}

#: (course, days from today, start hour, hours long, mode, venue, capacity, what else).
#: "cancelled": the session was called off; "register": its register is still to be taken.
SESSIONS = [
    (WORKING_TOGETHER, -330, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 30, ""),
    (WORKING_TOGETHER, -240, 9, 3, Mode.ONLINE, ONLINE, 24, ""),
    (WORKING_TOGETHER, -150, 9, 6, Mode.IN_PERSON, POLICE_HQ, 30, ""),
    (WORKING_TOGETHER, -60, 13, 3, Mode.ONLINE, ONLINE, 24, ""),
    (WORKING_TOGETHER, 25, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 24, "full"),
    (CARE_ACT, -300, 9, 6, Mode.IN_PERSON, RIVERSIDE, 25, ""),
    (CARE_ACT, -180, 9, 3, Mode.ONLINE, ONLINE, 20, ""),
    (CARE_ACT, -75, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 25, ""),
    (CARE_ACT, 40, 13, 3, Mode.ONLINE, ONLINE, 20, ""),
    (NEGLECT, -280, 9, 6, Mode.IN_PERSON, RIVERSIDE, 20, ""),
    (NEGLECT, -165, 9, 6, Mode.IN_PERSON, RIVERSIDE, 20, "cancelled"),
    (NEGLECT, -120, 9, 4, Mode.ONLINE, ONLINE, 18, ""),
    (NEGLECT, 60, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 20, ""),
    (CAPACITY, -270, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 25, ""),
    (CAPACITY, -200, 13, 3, Mode.ONLINE, ONLINE, 20, ""),
    (CAPACITY, -95, 9, 6, Mode.IN_PERSON, RIVERSIDE, 25, ""),
    (CAPACITY, -3, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 22, "register"),
    (CAPACITY, 55, 9, 6, Mode.IN_PERSON, RIVERSIDE, 25, ""),
    (DOMESTIC_ABUSE, -210, 9, 6, Mode.IN_PERSON, POLICE_HQ, 16, ""),
    (DOMESTIC_ABUSE, -100, 9, 6, Mode.IN_PERSON, RIVERSIDE, 16, ""),
    (DOMESTIC_ABUSE, -35, 13, 3, Mode.ONLINE, ONLINE, 12, ""),
    (DOMESTIC_ABUSE, 70, 9, 6, Mode.IN_PERSON, POLICE_HQ, 16, ""),
    (EXPLOITATION, -250, 9, 6, Mode.IN_PERSON, COUNTY_HALL, 20, ""),
    (EXPLOITATION, -45, 13, 3, Mode.ONLINE, ONLINE, 15, ""),
    (EXPLOITATION, 15, 9, 6, Mode.IN_PERSON, POLICE_HQ, 20, ""),
]

CANCELLED_REASON = (
    "The trainer was unwell. Everyone booked was offered a place on the next session."
)

#: Each agency's e-mail domain, the job titles of its practitioners and its managers.
AGENCY_STAFF: dict[str, tuple[str, list[str], list[tuple[str, str]]]] = {
    CHILDREN: (
        "demoshire.example.org",
        ["Social Worker", "Senior Social Worker", "Family Support Worker", "Early Help Worker"],
        [("Karen Whitfield", "Team Manager"), ("Daniel Ashworth", "Team Manager")],
    ),
    ADULTS: (
        "demoshire.example.org",
        ["Social Worker", "Occupational Therapist", "Care Co-ordinator", "Reablement Officer"],
        [("Louise Penrose", "Team Manager"), ("Richard Okoro", "Safeguarding Team Manager")],
    ),
    ICB: (
        "demoshireicb.example.org",
        ["Safeguarding Nurse", "Continuing Healthcare Nurse Assessor"],
        [("Priya Shah", "Designated Nurse")],
    ),
    POLICE: (
        "demoshire.police.example.org",
        ["Police Constable", "Detective Constable", "PCSO", "Detective Sergeant"],
        [("Sergeant Dan Carter", "Public Protection Unit"), ("Inspector Joy Adebayo", "Inspector")],
    ),
    HOSPITAL: (
        "demohospitals.example.org",
        ["Staff Nurse", "Midwife", "Emergency Department Nurse", "Ward Sister"],
        [("Nadia Rahman", "Named Nurse"), ("Carol Jenkins", "Matron")],
    ),
    COMMUNITY: (
        "democommunity.example.org",
        ["Health Visitor", "School Nurse", "Community Psychiatric Nurse", "District Nurse"],
        [("Angela Murphy", "Health Visiting Team Leader"), ("Steve Hollis", "Team Leader")],
    ),
    GP: (
        "riversidemedical.example.org",
        ["GP", "Practice Nurse"],
        [("Dr Sarah Patel", "Safeguarding Lead GP")],
    ),
    EDUCATION: (
        "demoshire-schools.example.org",
        ["Designated Safeguarding Lead", "Pastoral Manager", "Class Teacher"],
        [("Lucy Brennan", "Education Safeguarding Lead")],
    ),
    PROBATION: (
        "probation.example.org",
        ["Probation Officer", "Probation Services Officer"],
        [("Gareth Lewis", "Senior Probation Officer")],
    ),
    HOUSING: (
        "demohomes.example.org",
        ["Tenancy Officer", "Housing Support Officer", "Neighbourhood Officer"],
        [("Lena Novak", "Tenancy Safeguarding Lead")],
    ),
    CARE_HOME: (
        "meadowview.example.org",
        ["Senior Carer", "Care Assistant", "Nurse"],
        [("Janet Brooks", "Registered Manager")],
    ),
    AMBULANCE: (
        "westdemoambulance.example.org",
        ["Paramedic", "Emergency Care Assistant"],
        [("Beth Fletcher", "Safeguarding Lead Paramedic")],
    ),
    WOMENS_AID: (
        "demowomensaid.example.org",
        ["Independent Domestic Violence Adviser", "Outreach Worker", "Refuge Worker"],
        [("Farah Iqbal", "Services Manager")],
    ),
}

#: How many of each agency's staff come to the partnership's training, roughly: the
#: council's social workers and the police many, a care home or a charity a few.
STAFF = {
    CHILDREN: 60,
    ADULTS: 50,
    POLICE: 45,
    HOSPITAL: 40,
    COMMUNITY: 40,
    EDUCATION: 35,
    HOUSING: 25,
    GP: 20,
    PROBATION: 15,
    CARE_HOME: 15,
    AMBULANCE: 15,
    WOMENS_AID: 12,
    ICB: 10,
}

#: Practitioners' names are made of these (words separated by spaces).
FIRST_NAMES = (
    "Aisha Ben Chloe Daniel Ella Femi Georgia Harry Imran Jade Kieran Laura Mohammed "
    "Natalie Owen Priya Rachel Sean Tariq Una Vikram Wendy Yasmin Zoe Adam Bethany Callum "
    "Deborah Ewan Fatima Gemma Hannah Isaac Joanne Kate Liam Megan Nathan Olivia Paul Rosie "
    "Simon Tanya Victoria Will Amira Connor Dipa Eleanor Holly Josh Kerry Lewis Martha "
    "Niamh Oliver Sophie Tom Zainab Marcus"
)
SURNAMES = (
    "Ahmed Bailey Clarke Doyle Edwards Fraser Green Hussain Ingram Jones Khan Lawson "
    "Morgan Nolan Parker Quinn Robinson Smith Taylor Underwood Vaughan Walker Young Adams "
    "Begum Chowdhury Davies Foster Gill Harris Jackson Kaur Lee Mitchell Nowak Owusu Price "
    "Reid Shaw Thomas Turner Wallace Wright Allen Brown Cooper Dixon Fisher Gray Hughes "
    "Iqbal Kelly Malik Osei Pearson Rowe Sutton Watts Yates Barker"
)

BOOKING_CANCELLED = [
    "Cannot be released from the rota that day.",
    "Off sick.",
    "Booked on the online session instead.",
    "Court hearing on the same day.",
    "Leaving the service before the session.",
]

#: What attendees said they would do differently, on the day (no names).
ON_THE_DAY = {
    WORKING_TOGETHER: [
        "Ask for a strategy discussion myself when I am worried, not wait to be invited.",
        "Record who else lives in or visits the household.",
        "Use the escalation policy when I disagree with a decision.",
    ],
    CARE_ACT: [
        "Ask the adult what outcome they want at the start.",
        "Check the section 42 criteria before deciding a concern is not safeguarding.",
    ],
    NEGLECT: [
        "Look at missed appointments over the whole year, not one at a time.",
        "Try the graded care profile with one family this month.",
    ],
    CAPACITY: [
        "Record capacity for the specific decision, not in general.",
        "Call a multi-agency meeting before closing a self-neglect case.",
    ],
    DOMESTIC_ABUSE: [
        "Complete the DASH checklist with every disclosure, not only the obvious ones.",
        "Ask about control over money and phones, not just violence.",
        "Send the risk assessment to the GP and housing provider the same week.",
    ],
    EXPLOITATION: [
        "Map where the young person spends time, not only their home.",
        "Share intelligence forms with the police after a missing episode.",
    ],
}

#: Examples attendees gave three months on (no names, no identifying detail).
FOLLOW_UP = {
    WORKING_TOGETHER: [
        "When a family kept cancelling visits I wrote it down as a pattern and took it to "
        "supervision; we held a strategy discussion the next week.",
        "I asked the school and the health visitor what they knew before my assessment, and "
        "found out about a new partner nobody had recorded.",
        "I used the escalation policy for the first time when a referral was closed, and it "
        "was reopened.",
    ],
    CARE_ACT: [
        "I now ask the adult what they want to happen at the first contact and record it in "
        "their own words.",
        "I raised a concern about a care provider that I would have dealt with as a "
        "complaint before the training.",
    ],
    NEGLECT: [
        "I used the graded care profile with a family and shared the scores with them; it "
        "made the conversation about what had to change much easier.",
        "I now look at the pattern of missed health appointments across the year and share "
        "it with the social worker.",
    ],
    CAPACITY: [
        "I record capacity assessments for the specific decision and time, and revisit them "
        "when things change.",
        "For a man refusing help at home I called a multi-agency meeting instead of closing "
        "the case; housing and the district nurses came.",
        "I ask people to show me how they would manage, not only tell me.",
    ],
}

#: What managers said the training changed for their team or service.
MANAGER = [
    "The team now brings self-neglect cases to supervision with a short chronology.",
    "Referrals from the team are clearer about the risk and about what the family said.",
    "Two of the team have started using the graded care profile and are coaching others.",
    "Capacity assessments in the files I sampled were decision-specific; before, most were not.",
    "More strategy discussions are being asked for by my team rather than waited for.",
]
