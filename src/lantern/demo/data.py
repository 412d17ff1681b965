"""The fictional Demo Safeguarding Partnership, shaped like the seed framework's."""

from lantern.accounts.models import Role
from lantern.partnerships.models import AgencyKind, GroupKind, StatutoryFor, StatutoryPartner

PARTNERSHIP = {
    "name": "Demo Safeguarding Partnership",
    "short_name": "DSP",
    "slug": "demo",
    "has_independent_chair": True,
    "require_two_factor": False,
}

DEMO_PASSWORD = "Lantern-demo-2026"

GROUPS = [
    (GroupKind.EXECUTIVE, "Executive", "Exec"),
    (GroupKind.QAP, "Quality Assurance & Performance sub-group", "QA&P"),
    (GroupKind.LI, "Learning & Improvement sub-group", "L&I"),
    (GroupKind.SAR_PANEL, "SAR Panel", "SAR Panel"),
    (GroupKind.SAR_COMMITTEE, "SAR Committee", "SAR Committee"),
    (GroupKind.CHILDRENS_GROUP, "Demo Safeguarding Children Partnership Group", "DSCPG"),
    (GroupKind.SAB, "Demo Safeguarding Adults Board", "SAB"),
]

# (name, type, statutory partner, whose decisions it counts towards for quorum). The
# council sends children's services to children's decisions and adult social care to
# the SAB's (Care Act 2014, Schedule 2); the ICB and police stand for both.
_BOTH = StatutoryFor.BOTH
AGENCIES = [
    (
        "Demoshire Council Children's Services",
        AgencyKind.LOCAL_AUTHORITY,
        StatutoryPartner.LOCAL_AUTHORITY,
        StatutoryFor.CHILDREN,
    ),
    (
        "Demoshire Council Adult Social Care",
        AgencyKind.LOCAL_AUTHORITY,
        StatutoryPartner.LOCAL_AUTHORITY,
        StatutoryFor.ADULTS,
    ),
    ("Demoshire Integrated Care Board", AgencyKind.ICB, StatutoryPartner.ICB, _BOTH),
    ("Demoshire Police", AgencyKind.POLICE, StatutoryPartner.POLICE, _BOTH),
    ("Demo Hospitals NHS Foundation Trust", AgencyKind.HOSPITAL_TRUST, "", _BOTH),
    ("Demo Community and Mental Health NHS Trust", AgencyKind.COMMUNITY_HEALTH, "", _BOTH),
    ("Riverside Medical Practice", AgencyKind.GP, "", _BOTH),
    ("Demoshire Education Services", AgencyKind.SCHOOL, "", _BOTH),
    ("Probation Service, Demoshire", AgencyKind.PROBATION, "", _BOTH),
    ("Demo Homes", AgencyKind.HOUSING, "", _BOTH),
    ("Meadowview Care Home", AgencyKind.CARE_PROVIDER, "", _BOTH),
    ("West Demo Ambulance Service", AgencyKind.AMBULANCE, "", _BOTH),
    ("Demo Women's Aid", AgencyKind.VOLUNTARY, "", _BOTH),
]

# (e-mail, name, job title, agency or None, [(role, group name or agency name or None)])
PEOPLE = [
    (
        "executive.member@example.org",
        "Alex Morgan",
        "Chief Officer, Demoshire Integrated Care Board",
        None,
        [(Role.GROUP_MEMBER, "Executive")],
    ),
    (
        "independent.chair@example.org",
        "Ruth Okafor",
        "Independent Chair",
        None,
        [(Role.INDEPENDENT_CHAIR, None), (Role.GROUP_CHAIR, "Executive")],
    ),
    (
        "business.manager@example.org",
        "Sam Patel",
        "Business Manager",
        None,
        [(Role.BUSINESS_MANAGER, None)],
    ),
    (
        "business.unit@example.org",
        "Jo Williams",
        "Business Support Officer",
        None,
        [(Role.BUSINESS_UNIT_OFFICER, None)],
    ),
    (
        "qap.chair@example.org",
        "Anita Kowalski",
        "Head of Quality Assurance",
        "Demoshire Council Children's Services",
        # She chairs the SAR Panel too: the SAR referrals are screened with her.
        [
            (Role.GROUP_CHAIR, "Quality Assurance & Performance sub-group"),
            (Role.GROUP_CHAIR, "SAR Panel"),
        ],
    ),
    (
        "li.member@example.org",
        "Tom Hughes",
        "Named Nurse, Safeguarding",
        "Demo Hospitals NHS Foundation Trust",
        [(Role.GROUP_MEMBER, "Learning & Improvement sub-group")],
    ),
    (
        "safeguarding.lead@example.org",
        "Detective Inspector Claire Moss",
        "Safeguarding Lead",
        "Demoshire Police",
        [(Role.SAFEGUARDING_LEAD, "Demoshire Police")],
    ),
    (
        "nominated.rep@example.org",
        "Priya Shah",
        "Designated Nurse",
        "Demoshire Integrated Care Board",
        [(Role.NOMINATED_REPRESENTATIVE, "Demoshire Integrated Care Board")],
    ),
    (
        "reviewer@example.org",
        "Dr Martin Reed",
        "Independent Reviewer",
        None,
        [(Role.REVIEWER, None)],
    ),
    (
        "theme.lead@example.org",
        "Helen Carter",
        "Principal Social Worker",
        "Demoshire Council Adult Social Care",
        [(Role.THEME_LEAD, None)],
    ),
    (
        "ld.coordinator@example.org",
        "Grace Adeyemi",
        "Learning and Development Co-ordinator",
        None,
        [(Role.LD_COORDINATOR, None)],
    ),
    ("auditor@example.org", "Peter Lang", "Internal Auditor", None, [(Role.AUDITOR, None)]),
    # Safeguarding leads of agencies the demo asks with nobody on the case: a request to an
    # agency with no representative on the case goes to its lead (agencyrequests.recipients).
    (
        "icb.lead@example.org",
        "Dr Fiona Grant",
        "Designated Doctor, Safeguarding",
        "Demoshire Integrated Care Board",
        [(Role.SAFEGUARDING_LEAD, "Demoshire Integrated Care Board")],
    ),
    (
        "asc.lead@example.org",
        "Mark Evans",
        "Head of Safeguarding Adults",
        "Demoshire Council Adult Social Care",
        [(Role.SAFEGUARDING_LEAD, "Demoshire Council Adult Social Care")],
    ),
    (
        "gp.lead@example.org",
        "Dr Sarah Patel",
        "Safeguarding Lead GP",
        "Riverside Medical Practice",
        [(Role.SAFEGUARDING_LEAD, "Riverside Medical Practice")],
    ),
    (
        "hospital.lead@example.org",
        "Dr Omar Haddad",
        "Named Doctor for Safeguarding",
        "Demo Hospitals NHS Foundation Trust",
        [(Role.SAFEGUARDING_LEAD, "Demo Hospitals NHS Foundation Trust")],
    ),
    (
        "housing.lead@example.org",
        "Lena Novak",
        "Tenancy Safeguarding Lead",
        "Demo Homes",
        [(Role.SAFEGUARDING_LEAD, "Demo Homes")],
    ),
    # Representatives for the statutory partners and the hospital, for the children's cases.
    (
        "council.rep@example.org",
        "Maya Singh",
        "Service Manager, Safeguarding",
        "Demoshire Council Children's Services",
        [(Role.NOMINATED_REPRESENTATIVE, "Demoshire Council Children's Services")],
    ),
    (
        "police.rep@example.org",
        "Sergeant Dan Carter",
        "Public Protection Unit",
        "Demoshire Police",
        [(Role.NOMINATED_REPRESENTATIVE, "Demoshire Police")],
    ),
    (
        "hospital.rep@example.org",
        "Nadia Rahman",
        "Named Nurse for Safeguarding Children",
        "Demo Hospitals NHS Foundation Trust",
        [(Role.NOMINATED_REPRESENTATIVE, "Demo Hospitals NHS Foundation Trust")],
    ),
    # Meadowview Care Home's representative and lead: an adult's review often asks the
    # care home where they lived, and a request must reach somebody there.
    (
        "carehome.rep@example.org",
        "Daniel Osei",
        "Deputy Manager",
        "Meadowview Care Home",
        [(Role.NOMINATED_REPRESENTATIVE, "Meadowview Care Home")],
    ),
    (
        "carehome.lead@example.org",
        "Janet Brooks",
        "Registered Manager",
        "Meadowview Care Home",
        [(Role.SAFEGUARDING_LEAD, "Meadowview Care Home")],
    ),
    # The other agencies' safeguarding leads: every demo agency has one, so that a request
    # to any of them, on any case, has somebody to go to.
    (
        "childrens.lead@example.org",
        "Rebecca Hall",
        "Head of Safeguarding, Children's Services",
        "Demoshire Council Children's Services",
        [(Role.SAFEGUARDING_LEAD, "Demoshire Council Children's Services")],
    ),
    (
        "community.lead@example.org",
        "Dr Kwame Mensah",
        "Named Professional for Safeguarding",
        "Demo Community and Mental Health NHS Trust",
        [(Role.SAFEGUARDING_LEAD, "Demo Community and Mental Health NHS Trust")],
    ),
    (
        "education.lead@example.org",
        "Lucy Brennan",
        "Education Safeguarding Lead",
        "Demoshire Education Services",
        [(Role.SAFEGUARDING_LEAD, "Demoshire Education Services")],
    ),
    (
        "probation.lead@example.org",
        "Gareth Lewis",
        "Senior Probation Officer, Safeguarding",
        "Probation Service, Demoshire",
        [(Role.SAFEGUARDING_LEAD, "Probation Service, Demoshire")],
    ),
    (
        "ambulance.lead@example.org",
        "Beth Fletcher",
        "Safeguarding Lead Paramedic",
        "West Demo Ambulance Service",
        [(Role.SAFEGUARDING_LEAD, "West Demo Ambulance Service")],
    ),
    (
        "womensaid.lead@example.org",
        "Farah Iqbal",
        "Services Manager and Safeguarding Lead",
        "Demo Women's Aid",
        [(Role.SAFEGUARDING_LEAD, "Demo Women's Aid")],
    ),
]
