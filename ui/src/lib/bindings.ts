// Generated from the Rust types by `RASOAT_WRITE_BINDINGS=1 cargo test -p rasoat-desktop bindings`.
// Do not edit: change the Rust definition and regenerate.

export type Household = { 
/**
 * Always `household.v1`.
 */
format: string, 
/**
 * Stable identity across rounds and installations (UUIDv7).
 */
id: string, 
/**
 * The household code ("Mã hộ") as the commune writes it.
 */
code: string, 
/**
 * Where the household lives.
 */
location: Location, 
/**
 * "Khu vực": rural or urban (from 2027 "khu vực đô thị").
 */
area: AreaType, 
/**
 * Day of the interview ("Ngày rà soát"); ages are computed on this day.
 */
surveyed_on: string, 
/**
 * Street, hamlet, house number: free text.
 */
address?: string, 
/**
 * Phone number of the household, if any.
 */
phone?: string | null, 
/**
 * "Phân loại hộ theo kết quả rà soát năm trước kỳ rà soát".
 */
previous_class?: PreviousClass | null, 
/**
 * Phiếu B1 part B: the members, head included (relation `head`).
 */
members: Array<Member>, 
/**
 * Phiếu B1 part A, items I–IV.
 */
housing: Housing, 
/**
 * Item V.
 */
latrine: Latrine, 
/**
 * Items VI–VII.
 */
electricity: Electricity, 
/**
 * Item VIII: the source used most often.
 */
water: WaterSource, 
/**
 * Item IX, with radio, laptop, tablet and smartphone counted apart (Phiếu B2 item 6.2).
 */
assets: Assets, 
/**
 * Item X, square metres.
 */
land: Land, 
/**
 * Item XI, head counts (poultry in single birds, not in tens).
 */
livestock: Livestock, 
/**
 * Item XII.
 */
aquaculture: boolean, 
/**
 * Item XIII.
 */
hardship_causes?: Array<HardshipCause>, 
/**
 * Item XIV: policies received ("Đang hưởng") and needed ("Nhu cầu").
 */
support: Support, 
/**
 * Measured income of the last 12 months (Phụ lục VIII), when the round measures it.
 */
income?: Income | null, 
/**
 * Domestic waste handling (NĐ 351/2025, from 2027).
 */
waste?: WasteHandling | null, 
/**
 * Whether the household can hear the commune/village loudspeakers (QĐ 59/2015 indicator).
 */
hears_loudspeaker?: boolean | null, 
/**
 * Phiếu A, when the household asked to be reviewed and was screened first.
 */
phieu_a?: PhieuA | null, 
/**
 * The enumerator's notes.
 */
notes?: string, };

export type Location = { 
/**
 * GSO province code (2 digits), e.g. `02` Hà Giang (before 07/2025), `08` Tuyên Quang.
 */
province: string, 
/**
 * GSO commune code (5 digits) valid on `surveyed_on`.
 */
commune: string, 
/**
 * Village / hamlet ("thôn, bản, tổ dân phố") name or code.
 */
village: string, };

export type AreaType = "rural" | "urban";

export type PreviousClass = "poor" | "near_poor" | "not_poor";

export type Sex = "male" | "female";

export type Relation = "head" | "spouse" | "child" | "parent" | "other";

export type Member = { 
/**
 * Stable identity of the person across rounds (UUIDv7).
 */
id: string, 
/**
 * Column 2.
 */
name: string, 
/**
 * Column 3.
 */
relation: Relation, 
/**
 * Column 4: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
 */
birth: string, 
/**
 * Column 4a: CCCD / CMND / personal id number. Personal data: never logged.
 */
id_number?: string | null, 
/**
 * Column 4b: ethnicity by GSO code (`01` Kinh, `08` Mông, ...).
 */
ethnicity: string, 
/**
 * Column 5.
 */
sex: Sex, 
/**
 * Column 6: height in cm (asked under 16).
 */
height_cm?: number | null, 
/**
 * Column 7: weight in kg (asked under 10).
 */
weight_kg?: number | null, 
/**
 * Column 8: currently attending school or a course.
 */
in_school: boolean, 
/**
 * Column 9: level attended now (when `in_school`).
 */
school_level?: SchoolLevel | null, 
/**
 * Column 10: highest general education completed.
 */
education: Education, 
/**
 * Column 11: highest vocational / professional training.
 */
training: Training, 
/**
 * Column 12, with who pays (the state-budget exclusion of item 2.2).
 */
health_insurance: HealthInsurance, 
/**
 * Column 13: uses internet services.
 */
internet: boolean, 
/**
 * Column 14: monthly social allowance and its kind.
 */
social_allowance?: SocialAllowance | null, 
/**
 * Has a disability (whether or not it is paid an allowance).
 */
disabled: boolean, 
/**
 * Column 15 (asked from 15 years old).
 */
employment?: Employment | null, 
/**
 * Column 16.
 */
job_kind?: JobKind | null, 
/**
 * Column 17.
 */
wage_job?: WageJob | null, 
/**
 * Works outside agriculture, 3 months or more of the last 12 (score A item 5).
 */
non_farm_work: boolean, 
/**
 * Column 18.
 */
pension?: Pension | null, 
/**
 * Column 19: serious illness (list of NĐ 134/2016, Phụ lục IV).
 */
serious_illness: boolean, 
/**
 * Was sick in the last 12 months and did not seek care (QĐ 59/2015 indicator).
 */
sick_without_care: boolean, 
/**
 * Works outside the province or abroad.
 */
works_away?: WorksAway | null, 
/**
 * Party member: the district resolution wants no poor Party-member family. Not on the
 * official forms.
 */
party_member: boolean, };

export type SchoolLevel = "preschool" | "primary" | "lower_secondary" | "upper_secondary" | "short_course" | "intermediate" | "college" | "university";

export type Education = "none" | "primary" | "lower_secondary" | "upper_secondary";

export type Training = "none" | "elementary" | "intermediate" | "college" | "university" | "postgraduate";

export type HealthInsurance = "none" | "state_budget" | "employment" | "household" | "other";

export type SocialAllowance = "elderly" | "disabled" | "orphan";

export type Employment = "working" | "unemployed" | "unable_to_work" | "studying" | "not_wanting" | "retired_or_homemaker";

export type JobKind = "civil_servant" | "enterprise" | "hired_by_household" | "other";

export type WageJob = "with_contract" | "without_contract" | "not_wage";

export type Pension = "pension" | "social_insurance" | "merit_allowance";

export type WorksAway = "other_province" | "abroad";

export type Housing = { 
/**
 * Item I.
 */
column: ColumnMaterial, 
/**
 * Item II.
 */
roof: RoofMaterial, 
/**
 * Item III.
 */
wall: WallMaterial, 
/**
 * Item IV: living area in m², without bathroom, toilet, kitchen, store or business space.
 */
floor_area_m2: number, 
/**
 * Loft area in m²; counts for half (Phụ lục IV).
 */
loft_area_m2: number, };

export type ColumnMaterial = "reinforced_concrete" | "brick_stone" | "steel_or_durable_wood" | "other";

export type RoofMaterial = "reinforced_concrete" | "tiles" | "metal_sheet" | "other";

export type WallMaterial = "reinforced_concrete" | "brick_stone" | "durable_wood_or_metal" | "other";

export type Latrine = "septic_or_semi_septic" | "pour_flush" | "ventilated_improved_pit" | "pit_with_slab" | "double_vault" | "other" | "none";

export type Electricity = { source: PowerSource, 
/**
 * Average monthly consumption of the whole household, kWh.
 */
kwh_per_month: number, };

export type PowerSource = "grid" | "generator" | "other" | "none";

export type WaterSource = "tap" | "bottled_or_bought" | "borehole" | "protected_dug_well" | "protected_spring" | "rainwater" | "unprotected_well" | "unprotected_spring" | "surface_water" | "other";

export type Assets = { car: number, motorbike: number, motor_boat: number, generator: number, printer_fax: number, color_tv: number, sound_system: number, 
/**
 * Desktop computers ("máy tính để bàn").
 */
desktop_computer: number, laptop: number, tablet: number, fridge: number, air_conditioner: number, washing_machine: number, water_heater: number, microwave_oven: number, landline_phone: number, 
/**
 * Mobile phones that are not smartphones.
 */
mobile_phone: number, smartphone: number, radio: number, };

export type Land = { garden_pond: number, annual_crops: number, perennial_crops: number, water_surface: number, forest: number, };

export type Livestock = { buffalo_cattle_horse: number, pig_goat_sheep: number, poultry: number, other: number, };

export type HardshipCause = "no_production_land" | "no_capital" | "no_labour" | "no_tools" | "no_business_know_how" | "no_skills" | "illness_in_family" | "other";

export type Policy = "health" | "education" | "vocational_training" | "employment" | "housing" | "water_sanitation" | "production_land" | "credit" | "livelihood" | "information" | "legal" | "electricity" | "other";

export type Support = { received: Array<Policy>, needed: Array<Policy>, };

export type Income = { 
/**
 * Gross annual amounts by source.
 */
sources: Array<IncomeSource>, 
/**
 * Annual production costs, subtracted from the sources.
 */
production_costs: number, 
/**
 * Annual social allowances and assistance paid by the state budget: kept apart because
 * the middle-living-standard test excludes them.
 */
social_allowances: number, };

export type IncomeSource = { kind: IncomeKind, 
/**
 * Gross amount over 12 months, đồng.
 */
amount: number, note?: string, };

export type IncomeKind = "wages" | "crops" | "livestock" | "forestry" | "aquaculture" | "business" | "remittances" | "pension" | "other";

export type WasteHandling = "collected" | "treated_on_site" | "dumped";

export type PhieuA = { 
/**
 * Column 0, conditions 1–4 and the province's own condition 5; each `true` means the
 * condition holds.
 */
villa_or_grade_1_2: boolean, business_with_3_workers_or_100m_tax: boolean, farm_or_herd_over_200m: boolean, production_assets_over_200m: boolean, 
/**
 * Ids of the province's own conditions that hold (see `PhieuARules`).
 */
province_conditions: Array<string>, 
/**
 * Columns 1–9 as answered ("có" = true), in the form's order.
 */
answers: [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean], 
/**
 * Day of the screening ("Ngày rà soát", column C).
 */
screened_on: string | null, };

export type Class = "poor" | "near_poor" | "middle" | "other";

export type Method = "income" | "score";

export type IncomeTest = { 
/**
 * Net income per person per month, allowances included (rounded down).
 */
per_person_month: number, 
/**
 * The same without state social allowances (the middle-standard basis).
 */
per_person_month_without_allowances: number, poverty_line: number, middle_line: number | null, };

export type Classification = { standard_id: string, standard_name_vi: string, method: Method, class: Class, area: AreaType, income: IncomeTest | null, score_a: ScoreA | null, score_b: number | null, deprivation_count: number, 
/**
 * Every indicator of the standard, deprived or not, with its reason.
 */
indicators: Array<IndicatorResult>, 
/**
 * "Hộ nghèo: thu nhập … ≤ … và thiếu hụt 4 chỉ số: …".
 */
explanation_vi: string, explanation_en: string, 
/**
 * What the user should know about how sure this is (unconfirmed lines or rules).
 */
caveats_vi: Array<string>, };

export type MemberRef = { number: number, id: string, };

export type IndicatorResult = { id: IndicatorId, dimension_vi: string, name_vi: string, name_en: string, 
/**
 * The official threshold wording.
 */
wording_vi: string, deprived: boolean, 
/**
 * Why, in Vietnamese: the facts that decided it.
 */
reason_vi: string, reason_en: string, 
/**
 * The members that make the household deprived (empty for household-level facts).
 */
members: Array<MemberRef>, 
/**
 * How sure the rule is (shown as a label).
 */
confidence: Confidence, 
/**
 * Some answers the rule needs are missing; the indicator was decided without them.
 */
missing_answers: boolean, };

export type Severity = "error" | "warning";

export type Finding = { severity: Severity, 
/**
 * The field, as a household.v1 JSON path (`members[2].birth`).
 */
path: string, 
/**
 * A stable code for tests and translations.
 */
code: string, message_vi: string, message_en: string, };

export type Confidence = "confirmed" | "partial" | "unconfirmed";

export type IndicatorId = "employment" | "dependants" | "nutrition" | "healthcare_access" | "health_insurance" | "adult_education" | "child_schooling" | "housing_quality" | "housing_area" | "water" | "latrine" | "waste" | "telecom" | "information_devices";

export type ScoreA = { 
/**
 * Sum of the items' points.
 */
total: number, 
/**
 * The column used (`tdmnpb`, `urban`, ...).
 */
column: string, 
/**
 * One item per row that applies, and one `sN.none` item per section where none does, so
 * that every section is accounted for; in table order.
 */
items: Array<ScoreItem>, };

export type ScoreItem = { 
/**
 * Section of Mẫu số 3.3 (1–14; 15 "Vùng" for urban households).
 */
section: number, 
/**
 * Row key (`s1.people_5`), or `sN.none` when no row of section N applies.
 */
key: string, 
/**
 * The row's official label, or the section heading for `sN.none`.
 */
label_vi: string, points: number, 
/**
 * Why, in words: "Hộ có 5 người: 35 điểm".
 */
because_vi: string, because_en: string, 
/**
 * The rule behind this item is not settled by the text ("chưa rõ trong văn bản").
 */
unclear_in_text: boolean, };

export type Region = "dbsh" | "tdmnpb" | "btb_dhmt" | "tn" | "dnb" | "dbscl";

export type ReviewState = "draft" | "completed" | "returned" | "accepted" | "agreed" | "recognised" | "reported";

export type Role = "enumerator" | "commune" | "district";

export type ErrorCode = "not_set_up" | "invalid" | "not_found" | "refused" | "storage";

export type CommandError = { code: ErrorCode, message: string, };

export type AppStatus = { set_up: boolean, installation: InstallationView | null, round: RoundView | null, user_name: string | null, store_path: string, };

export type InstallationView = { id: string, role: Role, unit_code: string, unit_name: string, };

export type RoundView = { id: string, year: number, label: string, standard_id: string, standard_name_vi: string, 
/**
 * `score` when the standard has a score table (TT 07/2021), else `income`.
 */
method: string, 
/**
 * Whether the standard has the 2027+ items (waste handling).
 */
has_waste_item: boolean, state: string, };

export type UnitOption = { code: string, name: string, kind: string, valid_from: string, valid_to: string | null, };

export type SetupInput = { role: Role, unit_code: string, user_name: string, year: number, 
/**
 * Fill the store with synthetic households so a newcomer sees real screens at once.
 */
demo_households: number, };

export type HouseholdQuery = { text: string | null, village: string | null, status: ReviewState | null, class: string | null, 
/**
 * Returned records come first (the enumerator must fix them).
 */
returned_first: boolean, limit: number | null, };

export type HouseholdListRow = { id: string, code: string, head_name: string, village: string, status: ReviewState, class: string | null, members: number | null, };

export type HouseholdList = { rows: Array<HouseholdListRow>, 
/**
 * How many records match (the rows may be fewer: the list is capped).
 */
matching: number, 
/**
 * More than `matching` records match: the count stopped there.
 */
more: boolean, };

export type CountView = { key: string, count: number, };

export type OverviewView = { total: number, by_status: Array<CountView>, by_class: Array<CountView>, villages: Array<string>, };

export type HouseholdForm = { 
/**
 * household.v1 as the form edits it: possibly not yet valid (a blank birth date), so it
 * travels as JSON and is read by the domain's reader, whose errors name the field.
 */
household: Household, status: ReviewState, return_comment: string | null, is_new: boolean, evaluation: Evaluation, };

export type Evaluation = { findings: Array<Finding>, can_complete: boolean, classification: Classification | null, 
/**
 * Why there is no classification (no members yet, unknown region…).
 */
classify_error: string | null, 
/**
 * Each member's age in completed years on the interview day (`null` when the birth date
 * is not readable yet).
 */
ages: Array<number | null>, };

export type ReviewInput = { "kind": "accept" } | { "kind": "return", comment: string, };

export type SaveOutcome = { status: ReviewState, evaluation: Evaluation, };
