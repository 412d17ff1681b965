"""The national themes every partnership starts with (issue 14).

Two sources, named on each theme (`origin`):
- the national analyses of Safeguarding Adult Reviews (Preston-Shoot et al. for the
  LGA/ADASS: April 2017–March 2019, published 2020, and April 2019–March 2023, published
  2024): the types of abuse and neglect the reviews concerned, and the practice,
  organisational and legal themes the analyses grouped their findings under;
- the NSPCC national case review repository's themes (its "learning from case reviews"
  briefings) for children.

The data is written here, not imported, so that this migration means the same thing
whenever it runs. A partnership adds its own themes, or retires one, in the library;
the keywords (one a line) drive theme suggestions (lantern.learning.themes).
"""

from django.db import migrations

SAR = "sar_analysis"
NSPCC = "nspcc"

# (slug, name, origin, keywords)
THEMES: list[tuple[str, str, str, str]] = [
    # Types of abuse and neglect in the SAR analyses.
    (
        "self-neglect",
        "Self-neglect",
        SAR,
        "self-neglect\nself neglect\nhoarding\nsqualor\nrefused care\nrefusal of care\ndisengagement\nnon-engagement",
    ),
    (
        "neglect-and-omission",
        "Neglect and acts of omission",
        SAR,
        "neglect\nomission\npressure ulcer\npressure sore\nmalnutrition\ndehydration\nfailure to provide care",
    ),
    (
        "physical-abuse",
        "Physical abuse",
        SAR,
        "physical abuse\nassault\nbruising\nrestraint\nhit\nstruck",
    ),
    ("sexual-abuse", "Sexual abuse", SAR, "sexual abuse\nrape\nsexual assault\nsexual violence"),
    (
        "financial-abuse",
        "Financial or material abuse",
        SAR,
        "financial abuse\nfinancial exploitation\ncuckooing\nscam\ntheft\nappointee",
    ),
    (
        "psychological-abuse",
        "Psychological or emotional abuse",
        SAR,
        "psychological abuse\nemotional abuse\ncoercive control\nintimidation\ncontrolling behaviour",
    ),
    (
        "domestic-abuse",
        "Domestic abuse",
        SAR,
        "domestic abuse\ndomestic violence\ncoercive control\nDASH\nMARAC\nIDVA\nintimate partner\nhonour-based abuse",
    ),
    (
        "organisational-abuse",
        "Organisational abuse",
        SAR,
        "organisational abuse\ninstitutional abuse\ncare home\nclosed culture\nhospital in-patient unit\nCQC",
    ),
    (
        "modern-slavery",
        "Modern slavery and trafficking",
        SAR,
        "modern slavery\ntrafficking\nforced labour\nNRM\nnational referral mechanism",
    ),
    (
        "discriminatory-abuse",
        "Discriminatory abuse",
        SAR,
        "discrimination\nracism\nhate crime\ndiscriminatory abuse",
    ),
    (
        "exploitation",
        "Exploitation",
        SAR,
        "exploitation\nexploited\ncuckooing\ncounty lines\ngrooming\nCCE\nCSE\ncriminal exploitation\nsexual exploitation",
    ),
    # Practice, organisational and legal themes of the SAR analyses.
    (
        "mental-capacity",
        "Mental capacity",
        SAR,
        "mental capacity\nMCA\ncapacity assessment\nbest interests\nexecutive capacity\nunwise decision\nDoLS\ndeprivation of liberty\nLPS",
    ),
    (
        "making-safeguarding-personal",
        "Making Safeguarding Personal",
        SAR,
        "making safeguarding personal\nMSP\nvoice of the adult\nwishes and feelings\nperson-centred\nadvocacy\nadvocate",
    ),
    (
        "multi-agency-working",
        "Multi-agency working",
        SAR,
        "multi-agency\ninformation sharing\ncommunication between agencies\njoint working\ncoordination\nlead professional\nmulti-disciplinary\nMDT\npartnership working",
    ),
    (
        "risk-assessment",
        "Risk assessment and management",
        SAR,
        "risk assessment\nrisk management\nrisk enablement\nrisk of harm\nsafety plan",
    ),
    (
        "transitions",
        "Transitions and discharge",
        SAR,
        "transition\ntransitions\nhospital discharge\ndischarge\nleaving care\nmoving to adult services\nadulthood\ntransfer of care",
    ),
    (
        "mental-health",
        "Mental health",
        SAR,
        "mental health\nsection 117\nMental Health Act\npsychiatric\npsychosis\ndepression\nCMHT\ncrisis team",
    ),
    (
        "suicide-self-harm",
        "Suicide and self-harm",
        NSPCC,
        "suicide\nself-harm\nself harm\noverdose\nsuicidal ideation",
    ),
    (
        "substance-misuse",
        "Alcohol and substance misuse",
        SAR,
        "alcohol\nsubstance misuse\ndrug use\ndrugs\nopiate\ndependency\naddiction",
    ),
    (
        "homelessness",
        "Homelessness and housing",
        SAR,
        "homelessness\nhomeless\nrough sleeping\nrough sleeper\nhousing\neviction\ntemporary accommodation",
    ),
    (
        "learning-disability-autism",
        "Learning disability and autism",
        SAR,
        "learning disability\nlearning disabilities\nautism\nautistic\nLeDeR\nreasonable adjustments",
    ),
    (
        "carers",
        "Carers and family",
        SAR,
        "carer\ncarers\ncarer's assessment\nfamily carer\nunpaid carer\nthink family",
    ),
    (
        "care-provider-quality",
        "Care and nursing home quality",
        SAR,
        "care home\nnursing home\ndomiciliary care\nhome care\ncare provider\ncommissioning\nCQC",
    ),
    (
        "legal-literacy",
        "Legal literacy",
        SAR,
        "Care Act\nsection 42\nsection 44\nlegal literacy\ninherent jurisdiction\nlegal options\nlegal advice",
    ),
    (
        "escalation",
        "Escalation and professional challenge",
        SAR,
        "escalation\nescalate\nprofessional challenge\nresolving professional differences\nprofessional disagreement",
    ),
    (
        "professional-curiosity",
        "Professional curiosity",
        SAR,
        "professional curiosity\ncurious\ndisguised compliance\nhypothesis\nrespectful uncertainty",
    ),
    (
        "supervision-and-management",
        "Supervision, management and workforce",
        SAR,
        "supervision\nmanagement oversight\ncaseload\nworkforce\nstaffing\ntraining\nrecruitment",
    ),
    (
        "record-keeping",
        "Records and information systems",
        SAR,
        "record keeping\nrecords\ncase notes\nchronology\ninformation systems\nflag",
    ),
    (
        "health-care",
        "Health care and primary care",
        SAR,
        "GP\nprimary care\nhospital\nA&E\nemergency department\nambulance\nhealth visitor\nmissed appointments\nwas not brought\nWNB",
    ),
    (
        "physical-health",
        "Physical health and frailty",
        SAR,
        "physical health\nfrailty\nfalls\ndiabetes\nend of life\nmobility\nnutrition\npressure care",
    ),
    (
        "criminal-justice",
        "Criminal justice and prisons",
        SAR,
        "prison\nprobation\noffender\nMAPPA\ncustody\nrelease from prison",
    ),
    # NSPCC national case review repository: children's themes.
    (
        "child-neglect",
        "Child neglect",
        NSPCC,
        "neglect\nneglected\npoor home conditions\nhome conditions\nchronic neglect\nGraded Care Profile",
    ),
    (
        "physical-abuse-children",
        "Physical abuse and non-accidental injury",
        NSPCC,
        "non-accidental injury\nNAI\nabusive head trauma\nhead injury\nfracture\nbruising in non-mobile babies\nnon-mobile\nshaken baby",
    ),
    (
        "child-sexual-abuse",
        "Child sexual abuse",
        NSPCC,
        "child sexual abuse\nsexual abuse\nharmful sexual behaviour\nintrafamilial sexual abuse",
    ),
    (
        "child-sexual-exploitation",
        "Child sexual exploitation",
        NSPCC,
        "child sexual exploitation\nCSE\ngrooming\nsexual exploitation",
    ),
    (
        "child-criminal-exploitation",
        "Child criminal exploitation",
        NSPCC,
        "child criminal exploitation\nCCE\ncounty lines\ngangs\nknife crime\nserious youth violence\ncontextual safeguarding\nextra-familial harm",
    ),
    (
        "online-abuse",
        "Online abuse",
        NSPCC,
        "online abuse\nonline\nsocial media\nsexting\nimages\ninternet",
    ),
    (
        "sudi-safe-sleep",
        "Sudden unexpected death in infancy and safe sleep",
        NSPCC,
        "SUDI\nsudden unexpected death in infancy\nsafe sleep\nco-sleeping\nco-sleep\ncot death\nsleeping arrangements",
    ),
    (
        "infants",
        "Babies and infants",
        NSPCC,
        "baby\nbabies\ninfant\nnewborn\npre-birth\nunborn\nantenatal\npostnatal\nmidwife",
    ),
    (
        "parental-mental-health",
        "Parental mental health",
        NSPCC,
        "parental mental health\nmaternal mental health\nperinatal mental health\npostnatal depression",
    ),
    (
        "parental-substance-misuse",
        "Parental substance misuse",
        NSPCC,
        "parental substance misuse\nparental alcohol\nparental drug use",
    ),
    (
        "children-with-disabilities",
        "Disabled children",
        NSPCC,
        "disabled child\ndisabled children\ndisability\nSEND\nEHCP\nspecial educational needs\ncomplex needs",
    ),
    (
        "looked-after-children",
        "Looked-after children and care leavers",
        NSPCC,
        "looked after\nlooked-after\nchildren in care\nfoster care\nfoster carer\ncare leaver\nresidential children's home\nkinship care\nspecial guardianship",
    ),
    (
        "adolescents",
        "Adolescents and risk outside the home",
        NSPCC,
        "adolescent\nadolescents\nteenager\nyoung person\nyoung people\nmissing from home\nreturn home interview\nextra-familial harm",
    ),
    (
        "voice-of-the-child",
        "The voice of the child",
        NSPCC,
        "voice of the child\nchild's voice\nlived experience\nwishes and feelings\nseen alone",
    ),
    (
        "invisible-men",
        "Fathers and men in the household",
        NSPCC,
        "father\nfathers\nmale carer\nmen in the household\ninvisible men\nnew partner\nstepfather",
    ),
    (
        "education",
        "Education and schools",
        NSPCC,
        "school\nschools\neducation\nelective home education\nhome educated\nexclusion\nattendance\nDSL\ndesignated safeguarding lead",
    ),
    (
        "fabricated-induced-illness",
        "Fabricated or induced illness",
        NSPCC,
        "fabricated or induced illness\nFII\nperplexing presentations",
    ),
    (
        "female-genital-mutilation",
        "Female genital mutilation",
        NSPCC,
        "female genital mutilation\nFGM",
    ),
    (
        "radicalisation",
        "Radicalisation",
        NSPCC,
        "radicalisation\nradicalization\nextremism\nPrevent",
    ),
    (
        "race-culture-faith",
        "Race, culture and faith",
        NSPCC,
        "race\nethnicity\nculture\ncultural\nfaith\nreligion\ninterpreter\nlanguage barrier\nadultification",
    ),
    (
        "child-protection-process",
        "Child protection processes",
        NSPCC,
        "child protection plan\nchild protection conference\nstrategy discussion\nstrategy meeting\nsection 47\nS47\nchild in need\nCIN\nMASH\nLADO\nthreshold",
    ),
    ("bullying", "Bullying", NSPCC, "bullying\nbullied\ncyberbullying"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Theme = apps.get_model("learning", "Theme")
    for slug, name, origin, keywords in THEMES:
        Theme.objects.update_or_create(
            partnership=None,
            slug=slug,
            defaults={"name": name, "origin": origin, "keywords": keywords},
        )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Theme = apps.get_model("learning", "Theme")
    Theme.objects.filter(partnership=None, slug__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_search_index")]

    operations = [migrations.RunPython(seed, unseed)]
