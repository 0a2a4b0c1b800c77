"""What a tender is, in the law's terms: procedure, contract type, reservation, social clauses, and the
warnings and problems an officer is shown about them."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class Procedure(StrEnum):
    OPEN = "open"
    RESTRICTED = "restricted"
    NEGOTIATION = "negotiation"  # competitive procedure with negotiation
    COMPETITIVE_DIALOGUE = "competitive_dialogue"
    INNOVATION_PARTNERSHIP = "innovation_partnership"
    LIGHT_REGIME = "light_regime"
    BELOW_THRESHOLD = "below_threshold"
    PILOT_PURCHASE = "pilot_purchase"  # prøvehandling: trying a social-economy supplier below the thresholds


BELOW_THRESHOLD_PROCEDURES = (Procedure.BELOW_THRESHOLD, Procedure.PILOT_PURCHASE)


class ContractType(StrEnum):
    SERVICES = "services"
    SUPPLIES = "supplies"
    WORKS = "works"


class Reservation(StrEnum):
    NONE = "none"
    ART20 = "art20"  # sheltered workshops, or ≥ 30 % disabled or disadvantaged workers
    ART77 = "art77"  # mission-driven organisations, listed services, at most three years


class ClauseType(StrEnum):
    TRAINING = "training"  # oplæring, udbudsloven § 176 stk. 2
    LTU_EMPLOYMENT = "ltu_employment"  # people on the edge of the labour market
    FLEXJOB = "flexjob"
    DISABILITY_EMPLOYMENT = "disability_employment"
    LABOUR_CLAUSE_ILO94 = "labour_clause_ilo94"
    OTHER = "other"


class ClauseForm(StrEnum):
    CONTRACT_CONDITION = "contract_condition"  # § 176: the main route
    AWARD_CRITERION = "award_criterion"


class ReportingFrequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"


@dataclass(frozen=True)
class Warning:
    """Something the officer should look at before publishing; it does not stop anything."""

    code: str
    message: str  # Danish
    message_en: str


@dataclass(frozen=True)
class SocialClause:
    type: ClauseType
    form: ClauseForm
    description: str
    quantity: Decimal | None = None
    proxy_code: str | None = None
    criterion_id: str | None = None


@dataclass(frozen=True)
class TenderTerms:
    """The facts the rules look at; `published_on` is the day of publication, or today for a draft."""

    procedure: Procedure
    contract_type: ContractType
    estimated_value_dkk: Decimal
    contract_start: date
    contract_end: date
    published_at: datetime
    submission_deadline: datetime
    request_deadline: datetime | None = None
    reservation: Reservation = Reservation.NONE
    cpv_codes: tuple[str, ...] = ()
    clauses: tuple[SocialClause, ...] = field(default=())
    training_exemption: str | None = None

    @property
    def duration_days(self) -> int:
        return (self.contract_end - self.contract_start).days
