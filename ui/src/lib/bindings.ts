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
 * "Khu vực": rural or urban (from 2027 "khu vực đô thị"); `None` while not answered (a
 * draft). The poverty lines and score A's column depend on it.
 */
area?: AreaType | null, 
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
 * Item V; `None` while not answered (a draft).
 */
latrine?: Latrine | null, 
/**
 * Items VI–VII.
 */
electricity: Electricity, 
/**
 * Item VIII: the source used most often; `None` while not answered (a draft).
 */
water?: WaterSource | null, 
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
 * Item XII. Absent in a file written before drafts existed reads as no; `null` is a
 * draft's "not answered yet" (see `answered_default`).
 */
aquaculture: boolean | null, 
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
 * Column 3; `None` while not answered (a draft).
 */
relation?: Relation | null, 
/**
 * Column 4: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` while not answered (a draft).
 */
birth?: string | null, 
/**
 * Column 4a: CCCD / CMND / personal id number. Personal data: never logged.
 */
id_number?: string | null, 
/**
 * Column 4b: ethnicity by GSO code (`01` Kinh, `08` Mông, ...); empty while not answered
 * (a draft).
 */
ethnicity: string, 
/**
 * Column 5; `None` while not answered (a draft).
 */
sex?: Sex | null, 
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
 * Absent in a file written before drafts existed reads as no; `null` is a draft's "not
 * answered yet" (see `answered_default`).
 */
in_school: boolean | null, 
/**
 * Column 9: level attended now (when `in_school`).
 */
school_level?: SchoolLevel | null, 
/**
 * Column 10: highest general education completed.
 * Absent in a file written before drafts existed reads as the v1 default; `null` is a
 * draft's "not answered yet" (see `answered_default`).
 */
education: Education | null, 
/**
 * Column 11: highest vocational / professional training.
 * Absent in a file written before drafts existed reads as the v1 default; `null` is a
 * draft's "not answered yet" (see `answered_default`).
 */
training: Training | null, 
/**
 * Column 12, with who pays (the state-budget exclusion of item 2.2).
 * Absent in a file written before drafts existed reads as the v1 default; `null` is a
 * draft's "not answered yet" (see `answered_default`).
 */
health_insurance: HealthInsurance | null, 
/**
 * With `health_insurance: none`: the member belongs to a group whose card the state
 * budget pays under the Law on Health Insurance (poor households, children under 6,
 * ethnic minorities of hard areas, ...) but has no card. Item 2.2 excludes "đối tượng
 * thuộc nhóm do ngân sách nhà nước đóng bảo hiểm y tế", and whether such a member is left
 * out is the round's reading (`IndicatorSettings::health_insurance`). Absent means no, as
 * every earlier file meant it; written only when true, so a file without such a member
 * is byte for byte what an earlier writer wrote.
 */
state_budget_group_no_card?: boolean, 
/**
 * Column 13: uses internet services.
 * Absent in a file written before drafts existed reads as the v1 default (no); `null` is
 * a draft's "not answered yet" (see `answered_default`).
 */
internet: boolean | null, 
/**
 * Column 14: monthly social allowance and its kind, `none` for none.
 * Absent in a file written before drafts existed reads as none, and none is written by
 * leaving it out (as every earlier writer did); `null` is a draft's "not answered yet".
 */
social_allowance?: SocialAllowance | null, 
/**
 * Has a disability (whether or not it is paid an allowance).
 * Absent in a file written before drafts existed reads as no; `null` is a draft's "not
 * answered yet" (see `answered_default`).
 */
disabled: boolean | null, 
/**
 * Column 15 (asked from 15 years old).
 */
employment?: Employment | null, 
/**
 * Column 16 (asked of a member who works); `None` while not answered.
 */
job_kind?: JobKind | null, 
/**
 * Column 17 (asked of a member who works); `None` while not answered.
 */
wage_job?: WageJob | null, 
/**
 * Works outside agriculture, 3 months or more of the last 12 (score A item 5; asked of a
 * member who works).
 * Absent in a file written before drafts existed reads as no; `null` is a draft's "not
 * answered yet" (see `answered_default`).
 */
non_farm_work: boolean | null, 
/**
 * Column 18, `none` for none.
 * Absent in a file written before drafts existed reads as none, and none is written by
 * leaving it out (as every earlier writer did); `null` is a draft's "not answered yet".
 */
pension?: Pension | null, 
/**
 * Column 19: serious illness (list of NĐ 134/2016, Phụ lục IV).
 * Absent in a file written before drafts existed reads as no; `null` is a draft's "not
 * answered yet" (see `answered_default`).
 */
serious_illness: boolean | null, 
/**
 * Was sick in the last 12 months and did not seek care (QĐ 59/2015 indicator).
 * Absent in a file written before drafts existed reads as no; `null` is a draft's "not
 * answered yet" (see `answered_default`).
 */
sick_without_care: boolean | null, 
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

export type SocialAllowance = "none" | "elderly" | "disabled" | "orphan";

export type Employment = "working" | "unemployed" | "unable_to_work" | "studying" | "not_wanting" | "retired_or_homemaker";

export type JobKind = "civil_servant" | "enterprise" | "hired_by_household" | "other";

export type WageJob = "with_contract" | "without_contract" | "not_wage";

export type Pension = "none" | "pension" | "social_insurance" | "merit_allowance";

export type WorksAway = "other_province" | "abroad";

export type Housing = { 
/**
 * Item I.
 */
column?: ColumnMaterial | null, 
/**
 * Item II.
 */
roof?: RoofMaterial | null, 
/**
 * Item III.
 */
wall?: WallMaterial | null, 
/**
 * Item IV: living area in m², without bathroom, toilet, kitchen, store or business space.
 */
floor_area_m2?: number | null, 
/**
 * Loft area in m²; counts for half (Phụ lục IV).
 */
loft_area_m2: number, };

export type ColumnMaterial = "reinforced_concrete" | "brick_stone" | "steel_or_durable_wood" | "other";

export type RoofMaterial = "reinforced_concrete" | "tiles" | "metal_sheet" | "other";

export type WallMaterial = "reinforced_concrete" | "brick_stone" | "durable_wood_or_metal" | "other";

export type Latrine = "septic_or_semi_septic" | "pour_flush" | "ventilated_improved_pit" | "pit_with_slab" | "double_vault" | "other" | "none";

export type Electricity = { 
/**
 * `None` while not answered (a draft).
 */
source?: PowerSource | null, 
/**
 * Average monthly consumption of the whole household, kWh; `None` while not answered
 * (left out of the file), which score A reads as unknown, never as 0.
 */
kwh_per_month?: number | null, };

export type PowerSource = "grid" | "generator" | "other" | "none";

export type WaterSource = "tap" | "bottled_or_bought" | "borehole" | "protected_dug_well" | "protected_spring" | "rainwater" | "unprotected_well" | "unprotected_spring" | "surface_water" | "other";

export type Assets = { car: number | null, motorbike: number | null, motor_boat: number | null, generator: number | null, printer_fax: number | null, color_tv: number | null, sound_system: number | null, 
/**
 * Desktop computers ("máy tính để bàn").
 */
desktop_computer: number | null, laptop: number | null, tablet: number | null, fridge: number | null, air_conditioner: number | null, washing_machine: number | null, water_heater: number | null, microwave_oven: number | null, landline_phone: number | null, 
/**
 * Mobile phones that are not smartphones.
 */
mobile_phone: number | null, smartphone: number | null, radio: number | null, };

export type Land = { garden_pond: number | null, annual_crops: number | null, perennial_crops: number | null, water_surface: number | null, forest: number | null, };

export type Livestock = { buffalo_cattle_horse: number | null, pig_goat_sheep: number | null, poultry: number | null, other: number | null, };

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

export type Classification = { standard_id: string, standard_name_vi: string, 
/**
 * The standard's English name (absent from results written before it was added).
 */
standard_name_en: string, method: Method, class: Class, 
/**
 * The area whose lines were applied; `None` while "Khu vực" is not answered (the class is
 * then provisional, see `classify`).
 */
area: AreaType | null, income: IncomeTest | null, score_a: ScoreA | null, score_b: number | null, deprivation_count: number, 
/**
 * Every indicator of the standard, deprived or not, with its reason.
 */
indicators: Array<IndicatorResult>, 
/**
 * Why, in the catalogue's words (`messages.rs`): "Hộ nghèo: thu nhập … ≤ … và thiếu hụt 4
 * chỉ số: …".
 */
explanation: Message, 
/**
 * What the user should know about how sure this is (unconfirmed lines or rules), in the
 * catalogue's words (`messages.rs`).
 */
caveats: Array<Message>, 
/**
 * The answers not given yet that the class depends on, as household.v1 paths in the
 * form's order: while any is open the class is provisional ("tạm tính"), never final.
 */
provisional?: Array<string>, };

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
missing_answers: boolean, 
/**
 * Not decided: answers the rule needs are missing and what is answered does not already
 * make the household deprived. Never shown as "not deprived".
 */
unknown: boolean, };

export type Severity = "error" | "warning";

export type Finding = { severity: Severity, 
/**
 * The field, as a household.v1 JSON path (`members[2].birth`).
 */
path: string, 
/**
 * A stable code for tests and tools (`two_heads`); several messages may share one.
 */
code: string, 
/**
 * What to tell the person, in the catalogue's words.
 */
message: Message, };

export type Message = { code: Code, params: { [key in string]: Arg }, };

export type Code = "finding.code_missing" | "finding.province_code" | "finding.commune_code" | "finding.village_missing" | "finding.no_members" | "finding.no_head" | "finding.two_heads" | "finding.several_spouses" | "finding.duplicate_member" | "finding.name_missing" | "finding.birth_in_future" | "finding.implausible_age" | "finding.ethnicity_code" | "finding.id_number_format" | "finding.young_head" | "finding.diploma_too_young" | "finding.diploma_too_young.lower_secondary" | "finding.diploma_too_young.college" | "finding.school_level_missing" | "finding.school_level_not_in_school" | "finding.height_range" | "finding.height_missing" | "finding.weight_range" | "finding.weight_missing" | "finding.employment_under_15" | "finding.employment_missing" | "finding.wage_job_missing" | "finding.job_not_working" | "finding.floor_area" | "finding.floor_area_large" | "finding.loft_area" | "finding.kwh" | "finding.land_area" | "finding.negative_income" | "finding.negative_costs" | "finding.negative_allowances" | "finding.loss" | "finding.surveyed_other_year" | "finding.unanswered" | "finding.no_such_date" | "finding.date_format" | "finding.not_a_number" | "finding.unreadable_answer" | "caveat.provisional" | "caveat.area_open" | "finding.unreadable" | "caveat.lines_confidence" | "caveat.thresholds_unconfirmed" | "caveat.indicator_confidence" | "caveat.missing_answers" | "caveat.middle_line_unconfirmed" | "caveat.no_income_for_middle" | "caveat.no_score_table" | "caveat.own_score_table" | "caveat.region" | "caveat.region_unclear" | "region_doubt.not_named" | "region_doubt.merger_unchecked" | "region_doubt.hue_city" | "region_doubt.former_chosen" | "region_doubt.shipped_table" | "region_doubt.rural_city" | "region_doubt.round_region" | "region_doubt.other" | "region.dbsh" | "region.tdmnpb" | "region.btb_dhmt" | "region.tn" | "region.dnb" | "region.dbscl" | "region.central_city" | "confidence.confirmed" | "confidence.partial" | "confidence.unconfirmed" | "class.poor" | "class.near_poor" | "class.middle" | "class.other" | "method.income" | "method.score" | "explanation.middle" | "explanation.middle_other" | "explanation.income_only_poor" | "explanation.income_line" | "explanation.no_deprivation" | "explanation.deprivations" | "explanation.income_other" | "explanation.score" | "explanation.score_deprived" | "explanation.above_a" | "explanation.not_poor_score" | "explanation.phieu_a_stop" | "classify.no_members" | "classify.missing_income" | "classify.score_unavailable" | "classify.unknown_region" | "classify.region_several" | "classify.region_named" | "classify.region_counted" | "classify.region_merged" | "classify.region_merged_alike" | "classify.region_shipped" | "classify.region_hue_city" | "classify.region_chosen" | "classify.region_round" | "classify.no_standard_for_year" | "classify.unknown_standard" | "classify.form_unreadable" | "round.title" | "round.periodic" | "round.regular" | "round.closing" | "round.opening" | "round.no_official_method" | "caveat.no_official_method" | "caveat.poor_or_near_poor" | "error.store.sqlite" | "error.store.io" | "error.store.newer_store" | "error.store.not_initialised" | "error.store.already_initialised" | "error.store.unknown_unit" | "error.store.round_not_found" | "error.store.round_exists" | "error.store.round_locked" | "error.store.round_closed" | "error.store.no_open_round" | "error.store.household_not_found" | "error.store.record_not_found" | "error.store.not_editable" | "error.store.journal_mismatch" | "error.store.upload_vanished" | "error.store.corrupt" | "error.store.invalid_installation_id" | "error.store.invalid_class" | "error.store.round_month" | "error.store.round_year" | "error.store.unit_date" | "error.store.too_many_households" | "error.store.no_answers_yet" | "error.store.answers_incomplete" | "error.store.duplicate_code" | "error.store.duplicate_code_no_village" | "error.store.no_household_chosen" | "error.store.transferred_away" | "error.store.set_aside_not_allowed" | "error.store.village_name_empty" | "error.store.village_exists" | "error.store.village_unknown" | "error.store.villages_not_a_commune" | "error.store.round_settings_not_the_office" | "error.store.round_settings_recognised" | "error.store.list_not_for_a_commune" | "error.store.no_conflict" | "error.store.not_a_conflicting_edit" | "error.store.missing_round" | "error.store.malformed_entity_id" | "error.store.answers_hash_mismatch" | "error.store.answers_missing" | "error.store.answers_at" | "error.store.stored_answers" | "error.store.stored_word" | "error.store.migration" | "error.store.reference_units" | "error.store.integrity_check" | "error.store.json" | "error.store.list_unreadable" | "error.store.list_invalid" | "error.store.locked" | "error.store.keys_file_damaged" | "error.store.key_slot_damaged" | "error.store.wrong_pin" | "error.store.try_later" | "error.store.wrong_recovery_key" | "error.store.recovery_key_malformed" | "error.store.pin_too_weak" | "error.store.unknown_person" | "error.store.person_disabled" | "error.store.not_administrator" | "error.store.last_administrator" | "error.store.key_file_too_open" | "error.store.not_protected" | "error.store.installation_moved" | "error.store.move_passphrase_too_short" | "error.store.move_wrong_passphrase" | "error.store.move_file_damaged" | "error.store.move_not_our_file" | "error.store.move_target_exists" | "error.store.standards_not_the_office" | "error.transition.not_allowed" | "error.transition.wrong_role" | "error.transition.missing_comment" | "error.transition.missing_decision" | "error.transition.bad_meeting" | "error.transition.no_official_method" | "error.transition.not_transition_round" | "error.transition.form_not_accepted" | "error.transition.opening_not_allowed" | "error.standards.malformed" | "error.standards.inconsistent" | "error.standards.empty" | "error.standards.rescaled_score" | "error.standards.score_without_table" | "error.standards.bad_score_table" | "error.standards.confirmed_fact_changed" | "error.standards.two_national" | "error.batch.empty" | "error.batch.not_our_file" | "error.batch.truncated" | "error.batch.newer_format" | "error.batch.too_large" | "error.batch.trailing_bytes" | "error.batch.manifest" | "error.batch.manifest_format" | "error.batch.card_json" | "error.batch.card_format" | "error.batch.card_installation_id" | "error.batch.card_key" | "error.batch.bad_signature" | "error.batch.wrong_recipient" | "error.batch.unknown_sender" | "error.batch.from_self" | "error.batch.decrypt" | "error.batch.decompress" | "error.batch.payload_mismatch" | "error.batch.payload" | "error.batch.certificate" | "error.batch.unknown_origin" | "error.batch.entry_signature" | "error.batch.entry_mismatch" | "error.batch.missing_prerequisites" | "error.batch.nothing_to_send" | "error.batch.not_enrolled" | "error.batch.enrolment_conflict" | "error.batch.enrol_self" | "error.batch.enrolment_not_allowed" | "error.batch.no_identity" | "error.batch.random" | "error.batch.encode" | "error.batch.compress" | "error.batch.encrypt" | "error.batch.not_canonical" | "error.batch.outside_unit" | "error.batch.villages_outside_unit" | "error.batch.moves_household" | "error.batch.transfer_not_allowed" | "error.batch.transfer_refused" | "error.batch.transfer_within_unit" | "error.batch.transfer_reason_missing" | "error.batch.round_not_allowed" | "error.batch.standards_not_allowed" | "error.batch.review_step_not_allowed" | "error.batch.answers_not_editable" | "error.batch.record_not_editable" | "error.batch.parent_not_arrived" | "error.batch.review_step_cycle" | "error.batch.recorded_in_future" | "error.batch.recorded_in_future_household" | "error.batch.content_hash" | "error.batch.content_hash_household" | "error.batch.revoked" | "error.batch.revocation_not_allowed" | "error.batch.fork" | "error.batch.certificate_expired" | "error.batch.certificate_not_yet_valid" | "error.batch.certificate_without_period" | "error.batch.validity_order" | "error.batch.action_signature" | "error.batch.actions_not_allowed" | "error.sync.refused" | "error.sync.status" | "error.sync.unreachable" | "error.sync.no_network" | "error.sync.server_not_enrolled" | "error.sync.protocol" | "error.sync.tls" | "error.sync.batch_refused" | "error.sync.not_in_outbox" | "error.detail" | "error.desktop.store_not_open" | "error.desktop.store_poisoned" | "error.desktop.unknown_standard" | "error.desktop.name_missing" | "error.desktop.no_standard_for_year" | "error.desktop.form_has_errors" | "error.desktop.unit_not_in_round" | "error.desktop.no_unit" | "error.desktop.targets_damaged" | "error.desktop.folder_not_absolute" | "error.desktop.unknown_export_kind" | "error.desktop.cannot_create_folder" | "error.desktop.no_longer_in_conflict" | "error.desktop.entry_missing" | "error.desktop.choose_folder" | "error.desktop.cannot_read_file" | "error.desktop.cannot_write_folder" | "error.desktop.choose_batch_file" | "error.desktop.invalid_server_address" | "error.desktop.sync_not_started" | "error.desktop.server_address_needed" | "error.desktop.sync_off";

export type Arg = number | string | Words | Money | Message | Array<Arg>;

export type Words = { vi: string, en: string, };

export type Money = { dong: number, };

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

export type Role = "enumerator" | "commune" | "district" | "province";

export type ErrorCode = "not_set_up" | "invalid" | "not_found" | "refused" | "storage" | "locked";

export type CommandError = { code: ErrorCode, 
/**
 * What went wrong, as the store, batch or sync error (or the desktop itself) says it.
 */
message: Message, };

export type AppStatus = { set_up: boolean, installation: InstallationView | null, round: RoundView | null, user_name: string | null, store_path: string, 
/**
 * Set once this installation moved to another machine: the day (dd/mm/yyyy). The window
 * then shows a banner on every screen and reads only.
 */
moved_on: string | null, };

export type InstallationView = { id: string, role: Role, unit_code: string, unit_name: string, };

export type RoundView = { id: string, year: number, 
/**
 * "2024 định kỳ — danh sách năm 2025" / "2024 yearly review — list for 2025", in the
 * user's language.
 */
label: Message, standard_id: string, standard_name_vi: string, standard_name_en: string, 
/**
 * `score` or `income`: the method the round recorded when it opened.
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

export type HouseholdQuery = { text: string | null, 
/**
 * A village by the name the answers hold (one no listed village had).
 */
village: string | null, 
/**
 * A listed village by its stable id: its households under any name it had.
 */
village_id?: string, status: ReviewState | null, class: string | null, 
/**
 * Returned records come first (the enumerator must fix them).
 */
returned_first: boolean, limit: number | null, 
/**
 * Each row says its form's warnings (the commune's queue): read from the answers, so
 * asked only for the rows shown.
 */
warnings: boolean, };

export type HouseholdListRow = { id: string, code: string, head_name: string, village: string, status: ReviewState, class: string | null, members: number | null, 
/**
 * Phiếu A's verdict as stored with the record, for a household screened with it.
 */
phieu_a: PhieuAVerdict | null, 
/**
 * Who last filled in the answers, and when (unix ms): the commune's queue shows it.
 */
filled_by: string | null, filled_at: number | null, 
/**
 * The form's warnings when the query asked for them.
 */
warnings: RowWarnings | null, 
/**
 * The answers the class depends on that are still open (household.v1 paths, in the
 * form's order): while any is, the class is provisional ("tạm tính"), never final.
 */
provisional: Array<string>, };

export type RowWarnings = { count: number, 
/**
 * At most [`RowWarnings::FIRST`], in the form's order.
 */
first: Array<Finding>, };

export type HouseholdList = { rows: Array<HouseholdListRow>, 
/**
 * How many records match (the rows may be fewer: the list is capped).
 */
matching: number, 
/**
 * More than `matching` records match: the count stopped there.
 */
more: boolean, };

export type VillageView = { 
/**
 * Stable across renames, the same on every installation of the commune.
 */
id: string, name: string, 
/**
 * No longer offered for a new household; a household that names it still shows it.
 */
retired: boolean, 
/**
 * Names it had before: a household saved under one is in this village.
 */
former_names: Array<string>, };

export type CountView = { key: string, count: number, };

export type OverviewView = { total: number, by_status: Array<CountView>, by_class: Array<CountView>, 
/**
 * The village filter's choices (`Store::village_choices`).
 */
villages: Array<VillageChoiceView>, };

export type VillageChoiceView = { id: string | null, name: string, };

export type HouseholdForm = { 
/**
 * household.v1 as the form edits it: possibly not yet valid (a blank birth date), so it
 * travels as JSON and is read by the domain's reader, whose errors name the field.
 */
household: Household, status: ReviewState, return_comment: string | null, is_new: boolean, evaluation: Evaluation, 
/**
 * The form was reopened from the typing buffer: what was typed after the last real save
 * (unix ms of the last keep), shown so the enumerator knows it is not saved yet.
 */
restored_at: number | null, 
/**
 * In a transition round, the household's state on the list that opens the status year,
 * once the commune accepted the form.
 */
opening: FormOpening | null, };

export type Evaluation = { findings: Array<Finding>, can_complete: boolean, classification: Classification | null, 
/**
 * Why there is no classification (no members yet, unknown region…), in the domain's
 * catalogue's words.
 */
classify_error: Message | null, 
/**
 * The other method's result beside the round's official one, for information only: when
 * the household has both score answers and a measured income.
 */
informative: Classification | null, 
/**
 * Phiếu A's live verdict, when the household asked to be reviewed and the form has it.
 */
phieu_a: PhieuAOutcome | null, 
/**
 * Each member's age in completed years on the interview day (`null` when the birth date
 * is not readable yet).
 */
ages: Array<number | null>, 
/**
 * The member questions the form skips (the domain's `validate::skipped`), as paths.
 */
skipped: Array<string>, 
/**
 * Every required question the form asks, answered or not (the domain's
 * `validate::required_questions`): what the section bar counts progress against.
 */
required: Array<string>, 
/**
 * The round by its status year: "rà soát năm 2026 — danh sách áp dụng năm 2027".
 */
round_title: Message, 
/**
 * In a transition round, the list that opens the status year beside the round's own
 * (shown as "chưa có phương pháp chính thức" while its standard names no method).
 */
opening: OpeningClassification | null, 
/**
 * The readings the classification rests on where the texts leave a rule open (working
 * age, several rows of sections 5, 13 and 14, the state-paid insurance group, Huế), each
 * with the choice made: shown in the panel as "chưa rõ trong văn bản".
 */
readings: Array<Reading>, 
/**
 * Who the round consults before recognition and who recognises (by its dates unless its
 * office chose), each saying whether the texts leave it open.
 */
procedure: Array<SettingLine>, };

export type OpeningClassification = { standard_id: string, status_year: number, 
/**
 * "danh sách áp dụng năm 2027 theo …".
 */
label: Message, 
/**
 * The standard names its official review method; without it the list is shown as "chưa
 * có phương pháp chính thức" and cannot be recognised or certified.
 */
official: boolean, 
/**
 * The class, or why there is none (without an official method only measured income can
 * be compared with the new lines).
 */
classification: Classification | null, error: Message | null, };

export type Reading = { 
/**
 * The setting's path in `Settings` (`score.working_age`), stable for files and tests.
 */
setting: string, 
/**
 * What the reading is about: "Độ tuổi lao động (điểm A mục 2)".
 */
name_vi: string, name_en: string, 
/**
 * The choice made.
 */
chosen_vi: string, chosen_en: string, 
/**
 * The other choices offered, in Vietnamese.
 */
others_vi: Array<string>, 
/**
 * The choice is the documented default (what every earlier round used).
 */
is_default: boolean, };

export type SettingLine = { key: string, 
/**
 * The word the round holds (`fixed_bands`), or the former province's code.
 */
value: string, 
/**
 * The words the key takes (empty for a commune's former province: a province code).
 */
values: Array<string>, 
/**
 * No text settles it: "chưa rõ trong văn bản".
 */
unclear_in_text: boolean, reading: Reading, };

export type ReviewInput = { "kind": "accept" } | { "kind": "return", comment: string, };

export type SaveOutcome = { status: ReviewState, evaluation: Evaluation, };

export type AutosaveOutcome = { 
/**
 * The first readable version of a new household became its draft record (listed from now
 * on); otherwise the form was kept in the typing buffer as typed.
 */
record_saved: boolean, saved_at: number, 
/**
 * Why the first readable version could not become a draft record (a code another
 * household holds), so the form's save line says "not saved" instead of "kept".
 */
refused: CommandError | null, };

export type SyncErrorKind = "no_network" | "unreachable" | "not_enrolled" | "server_not_enrolled" | "refused" | "busy" | "wrong_server" | "server_error" | "moved" | "local";

export type SyncErrorView = { kind: SyncErrorKind, 
/**
 * The stable code (`unreachable`, `wrong_unit`…).
 */
code: string, 
/**
 * The client's or server's own message, for the reason of a refusal.
 */
detail: string, 
/**
 * Trying again cannot help until a person acts (`SyncError::is_permanent`).
 */
permanent: boolean, };

export type SyncBadge = "off" | "syncing" | "error" | "pending" | "synced";

export type SyncAttemptView = { started_at: number, finished_at: number, ok: boolean, batches_sent: number, households_sent: number, batches_received: number, households_received: number, error: SyncErrorView | null, };

export type SyncStatusView = { server_url: string | null, enabled: boolean, badge: SyncBadge, running: boolean, 
/**
 * Batches a pass will send (refused ones are not counted).
 */
pending_batches: number, 
/**
 * Batches the server refused for good: they wait for a person ("Bỏ lô này").
 */
refused_batches: number, pending_households: number, 
/**
 * The outbox's batches for the configured server (every unacknowledged batch before the
 * server's id is known), oldest first.
 */
outbox: Array<SyncOutboxBatchView>, 
/**
 * The last pass failed in a way only a person can fix: the task waits for a change.
 */
needs_person: boolean, last_success_at: number | null, 
/**
 * The error of the last pass, when it failed.
 */
last_error: SyncErrorView | null, 
/**
 * When the task will try next (`None` when off).
 */
next_attempt_at: number | null, 
/**
 * Failed passes in a row, and the ceiling of the current wait (the wait itself is a
 * random draw below it).
 */
failures: number, retry_ceiling_ms: number, 
/**
 * Newest first.
 */
history: Array<SyncAttemptView>, };

export type SyncSettingsInput = { server_url: string, enabled: boolean, };

export type SyncOutboxBatchView = { batch_id: string, 
/**
 * `pending` (a pass sends it) or `refused` (the server refused it for good).
 */
refused: boolean, 
/**
 * Journal entries it carries.
 */
size: number, created_at: number, 
/**
 * Passes that tried to send it.
 */
attempts: number, 
/**
 * Why it was refused, or the last failure worth retrying, in the UI's words.
 */
reason: SyncErrorView | null, };

export type IdentityView = { installation: string, role: string, unit_code: string, unit_name: string, 
/**
 * Twenty digits in groups of four, to read aloud over the phone.
 */
fingerprint: string, };

export type PeriodState = "valid" | "expired" | "not_yet_valid" | "no_period";

export type CertificationView = { 
/**
 * The office certified: `enumerator`, `commune`, `district` or `province`.
 */
role: string, unit_code: string, unit_name: string, 
/**
 * First and last day of the period (YYYY-MM-DD, UTC days), both included.
 */
valid_from: string | null, valid_until: string | null, state: PeriodState, 
/**
 * The installation that certified it; `None` when this installation did (it enrolled it).
 */
certified_by: string | null, 
/**
 * That installation's unit name and office, when it is known here.
 */
certified_by_name: string, certified_by_role: string, };

export type RevocationView = { 
/**
 * The day it was revoked (YYYY-MM-DD, UTC).
 */
date: string, revoked_by: string, 
/**
 * The revoking installation's unit name and office, when it is known here.
 */
revoked_by_name: string, revoked_by_role: string, };

export type NewInstallationView = { 
/**
 * The id this store wrote under until now (the other copy keeps it).
 */
previous: string, 
/**
 * This installation's own entries that stay under the previous id (a peer acknowledged
 * them: the other copy holds them too).
 */
kept_through: number, 
/**
 * Entries moved to the new id, to travel once the new card is enrolled.
 */
moved: number, 
/**
 * The screen afterwards: the new identity, whose card must be enrolled again.
 */
view: ExchangeView, };

export type AckView = { origin: string, 
/**
 * The origin's unit name when the origin is known here, else empty.
 */
origin_name: string, seq: number, };

export type PeerView = { identity: IdentityView, 
/**
 * `None` when enrolled here (a possible recipient); else the installation that vouched
 * for it in a relayed batch.
 */
enrolled_by: string | null, 
/**
 * What it is certified as here: by this installation when enrolled here, else by the
 * certificate that vouched for it.
 */
certification: CertificationView, 
/**
 * Set once an office's revocation of it reached this store: its batches are refused.
 */
revoked: RevocationView | null, 
/**
 * What it acknowledged holding, per origin (from its receipts).
 */
acknowledged: Array<AckView>, 
/**
 * Entries held here that it has not acknowledged (what the next batch would carry).
 */
pending_entries: number, };

export type ExchangeView = { 
/**
 * What this installation's card asks for.
 */
this: IdentityView, 
/**
 * What the office that enrolled it certified, from the certificate its batches carry;
 * `None` until one arrived.
 */
this_certification: CertificationView | null, 
/**
 * Set when an office's revocation of this installation reached this store.
 */
this_revoked: RevocationView | null, peers: Array<PeerView>, open_conflicts: number, };

export type WrittenFile = { path: string, file_name: string, bytes: number, 
/**
 * Households the file carries changes of (batches only).
 */
households: number, 
/**
 * Journal entries it carries (batches only).
 */
entries: number, };

export type CardPreview = { identity: IdentityView, already_enrolled: boolean, };

export type ImportPhase = "read" | "verify" | "decrypt" | "check" | "apply" | "done" | "refused";

export type ImportProgress = { 
/**
 * 0-based index of the file being read.
 */
file_index: number, files: number, file_name: string, phase: ImportPhase, 
/**
 * Overall progress, 0 to 1.
 */
fraction: number, };

export type ConflictRef = { household_id: string, round_id: string, code: string, };

export type ImportedFile = { file_name: string, batch_id: string, sender: string, sender_name: string, new: number, updated: number, duplicates: number, 
/**
 * Edits stored as history only: the household's old commune sent them after a transfer
 * took it away.
 */
kept_as_history: number, 
/**
 * True when this batch had been imported before: nothing changed.
 */
already_imported: boolean, };

export type RefusedFile = { file_name: string, 
/**
 * A stable word for the kind of refusal (`bad_signature`, `missing_prerequisites`…).
 */
reason: string, 
/**
 * Why, as the batch or store error says it, for the window to render.
 */
message: Message, };

export type ImportOutcome = { imported: Array<ImportedFile>, refused: Array<RefusedFile>, new: number, updated: number, duplicates: number, kept_as_history: number, conflicts: Array<ConflictRef>, };

export type ReceiptOutcome = { from: string, from_name: string, newly_acknowledged: number, };

export type PickKind = "folder" | "card" | "batches" | "receipt";

export type HeadView = { entry_id: string, origin: string, origin_name: string, origin_role: string, recorded_at: number, actor: string, status: string, class: string | null, 
/**
 * The provisional winner every installation shows until a person picks.
 */
provisional: boolean, };

export type ConflictView = { household_id: string, round_id: string, code: string, heads: Array<HeadView>, };

export type FieldDiff = { 
/**
 * Where the field is (`housing.roof`, `members[2].name`), for when no label is known.
 */
path: string, 
/**
 * The UI's translation key of the form's wording for this field, when there is one.
 */
label_key: string | null, 
/**
 * The member's number (1-based) for a member's field.
 */
member: number | null, 
/**
 * How to show the values: `opt:<group>` (the form's option words), `key:<prefix>` (a
 * translation key prefix), `bool`, or `null` (as written).
 */
display: string | null, 
/**
 * Per edit, in the order of `heads`: the value's words (several for a list), `null` when
 * the edit does not have the field.
 */
values: Array<Array<string> | null>, differs: boolean, };

export type ConflictDetail = { conflict: ConflictView, fields: Array<FieldDiff>, };

export type TransferView = { household_id: string, code: string, from: string, from_name: string, to: string, to_name: string, 
/**
 * The day it was made (YYYY-MM-DD, UTC).
 */
date: string, actor: string, reason: string, 
/**
 * Edits of the commune the household left, delivered after this transfer: kept in the
 * journal as history, never applied to the household's records.
 */
late_edits: Array<LateEditView>, };

export type LateEditView = { 
/**
 * The installation that made it and its number there.
 */
origin: string, seq: number, 
/**
 * The day its sender says it was made (YYYY-MM-DD, UTC): shown, never judged by.
 */
date: string, commune: string, commune_name: string, to: string, to_name: string, };

export type TransferPreview = { household_id: string, code: string, from: string, from_name: string, to: string, to_name: string, };

export type CodeHolderView = { household_id: string, commune_code: string, village: string, status: string, 
/**
 * Who last saved the form, and the computer it was saved on (its unit's name, or the
 * end of its id when this installation does not know it).
 */
filled_by: string | null, filled_on: string | null, filled_on_name: string, filled_at: number | null, };

export type DuplicateCodeView = { round_id: string, round_year: number, code: string, households: Array<CodeHolderView>, };

export type PhieuAResult = "stop" | "review_with_phieu_b";

export type PhieuAVerdict = { result: PhieuAResult, 
/**
 * Column-0 conditions that hold, by their number on the form (1–4 the law's, 5 the
 * province's own); empty when column 0 let the household through.
 */
excluded_by: Array<number>, 
/**
 * Number of "có" in columns 1–9, when they were asked.
 */
yes_count: number | null, };

export type ConditionHit = { id: string, label_vi: string, 
/**
 * True for conditions 1–4 of the law, false for the province's own.
 */
national: boolean, };

export type PhieuAOutcome = { result: PhieuAResult, 
/**
 * Column E code (0 stop, 1 go on to Phiếu B).
 */
code: number, 
/**
 * Column 0 code: 0 when an exclusion condition holds, 1 otherwise.
 */
column_0_code: number, 
/**
 * The column-0 conditions that hold.
 */
excluded_by: Array<ConditionHit>, 
/**
 * Column D: number of "có" in columns 1–9; `None` when column 0 already stopped the
 * review (the form does not go on to columns 1–9).
 */
yes_count: number | null, 
/**
 * Columns (1–9) answered "có", when they were asked.
 */
yes_columns: Array<number>, 
/**
 * Province-condition ids recorded on the form that the rules do not know. They do not
 * exclude the household (an unknown rule must not keep a household out of the review);
 * the UI should ask the cadre to check them.
 */
unknown_province_conditions: Array<string>, reason_vi: string, reason_en: string, };

export type ProvinceCondition = { 
/**
 * Stable id, recorded in `PhieuA::province_conditions` when the condition holds.
 */
id: string, 
/**
 * The wording the provincial steering committee issued.
 */
label_vi: string, 
/**
 * An English gloss of that wording for the window's English mode (the Vietnamese stays
 * the text that counts); empty when the province's file gives none.
 */
label_en?: string, };

export type ProvinceRules = { 
/**
 * GSO province code.
 */
province: string, name_vi: string, 
/**
 * The name as the window's English mode writes it (the place name stays, the words
 * around it are translated); empty when the file gives none.
 */
name_en: string, 
/**
 * `confirmed`, `partial` or `unconfirmed`, as every rule in the data.
 */
confidence: Confidence, 
/**
 * What is known of the list, shown beside condition 5.
 */
note_vi: string, 
/**
 * The same in English, for the window's English mode.
 */
note_en: string, conditions: Array<ProvinceCondition>, };

export type PhieuACondition = { 
/**
 * 1–4 on the form.
 */
number: number, 
/**
 * The `PhieuA` field that records it.
 */
id: string, label_vi: string, 
/**
 * An English gloss, shown beside the law's words in English.
 */
label_en: string, };

export type PhieuAFormView = { 
/**
 * Column 0, conditions 1–4.
 */
national: Array<PhieuACondition>, 
/**
 * Column 0, condition 5's heading, verbatim.
 */
province_heading_vi: string, province_heading_en: string, 
/**
 * The province's own list with what is known of it; `None` when the data has no entry.
 */
province: ProvinceRules | null, 
/**
 * Columns 1–9, verbatim.
 */
columns_vi: Array<string>, 
/**
 * English glosses of columns 1–9.
 */
columns_en: Array<string>, };

export type SessionStage = "create" | "encrypt" | "sign_in" | "locked" | "open";

export type SignInPerson = { id: string, name: string, 
/**
 * `administrator`, `reviewer`, `commune_officer` or `district_officer`.
 */
role: string, };

export type SessionView = { stage: SessionStage, people: Array<SignInPerson>, 
/**
 * The person signed in (also while locked: the one who locked).
 */
person: SignInPerson | null, 
/**
 * After this long without a key or a click the window locks.
 */
idle_lock_seconds: number, 
/**
 * The demo store's PIN, shown as demo data on its sign-in screen.
 */
demo_pin: string | null, };

export type ProtectOutcome = { session: SessionView, 
/**
 * Eight groups of five digits.
 */
recovery_key: Array<string>, };

export type PersonRoleView = "administrator" | "reviewer" | "commune_officer" | "district_officer";

export type PersonView = { id: string, name: string, role: PersonRoleView, 
/**
 * Unix milliseconds.
 */
created_at: number, disabled: boolean, 
/**
 * The person signed in now (who may not disable themself from here).
 */
me: boolean, };

export type PeopleView = { people: Array<PersonView>, 
/**
 * The idle lock the administrator set (or the default).
 */
idle_lock_minutes: number, max_idle_lock_minutes: number, 
/**
 * Set when `RASOAT_IDLE_LOCK_SECONDS` overrides the setting (tests, demonstrations).
 */
idle_lock_override_seconds: number | null, };

export type NewPersonInput = { name: string, role: PersonRoleView, 
/**
 * Their first PIN (6+ digits), which they may change later.
 */
pin: string, };

export type ActionKind = "sign_in" | "sign_in_failed" | "recovery_unlock" | "recovery_failed" | "store_encrypted" | "person_added" | "person_disabled" | "pin_reset" | "pin_changed" | "service_key_made" | "settings_changed" | "export_with_names" | "import" | "review_decision" | "moved_out" | "moved_in";

export type AuditQuery = { 
/**
 * Only what this person did.
 */
person_id: string | null, kind: ActionKind | null, };

export type AuditRowView = { 
/**
 * The row's number in its installation's log (rows of two installations may share one).
 */
id: number, 
/**
 * The installation the row comes from when it is not this one: an installation this
 * office answers for, whose action log came here with its batches.
 */
installation: string | null, 
/**
 * That installation's unit as its identity card names it ("Xã … (code)"), when this
 * store holds the card; the window shows it instead of the bare id.
 */
installation_unit: string | null, 
/**
 * Unix milliseconds.
 */
at: number, kind: ActionKind, person_name: string | null, 
/**
 * A file's name, a household's id, a setting, or a person's id.
 */
subject: string | null, 
/**
 * The name of the person the row is about (a person added, disabled, a PIN reset).
 */
subject_person: string | null, households: number, outcome: string, };

export type AuditView = { rows: Array<AuditRowView>, more: boolean, };

export type MoveView = { installation_id: string, unit_code: string, unit_name: string | null, households: number, rounds: number, people: number, 
/**
 * The shortest passphrase the store accepts.
 */
min_passphrase_chars: number, 
/**
 * Set once this installation moved away: the day (dd/mm/yyyy) and the file's name.
 */
moved_on: string | null, moved_file: string | null, };

export type MovedOutView = { path: string, households: number, moved_on: string, };

export type DashQuery = { commune: string | null, 
/**
 * The commune's version (codes were reused in 2025); the latest match when absent.
 */
valid_from: string | null, village: string | null, };

export type DashUnit = { 
/**
 * `district`, `commune` or `village`.
 */
level: string, code: string, valid_from: string, name: string, village: string | null, };

export type DashFigure = { 
/**
 * Column key of the store's summary table (`poor`, `escaped_poverty`…).
 */
key: string, header_vi: string, count: number, rate: number | null, confidence: Confidence, };

export type DashBar = { unit: DashUnit, resident_households: number, 
/**
 * `entered`, `sum_of_parts` or `reviewed` (then the rates are not the official ones).
 */
denominator: string, 
/**
 * Households whose form is finished; those still being reviewed are `in_progress`.
 */
reviewed: number, in_progress: number, poor: number, poor_rate: number | null, near_poor: number, near_poor_rate: number | null, };

export type DashTrendPoint = { year: number, resident_households: number, denominator: string, poor: number, poor_rate: number | null, near_poor: number, near_poor_rate: number | null, };

export type DashTargetPoint = { year: number, value: number | null, };

export type DashTarget = { id: string, 
/**
 * What is measured (`poverty_reduction`, `health_insurance`…): for the poverty target
 * `numerator` and `denominator` are the previous and the current poor rate.
 */
measure: string, name_vi: string, 
/**
 * English gloss of the resolution's wording (empty when the file gives none).
 */
name_en: string, formula_vi: string, formula_en: string, source: string, note_vi: string, note_en: string, 
/**
 * `>`, `≥`, `<` or `≤`.
 */
comparison: string, target: number, 
/**
 * `percent`, `points_per_year`, `dong_per_person_year` or `households`.
 */
unit: string, value: number | null, numerator: number, denominator: number, met: boolean | null, 
/**
 * Positive: still to go; negative: beyond the target.
 */
gap: number | null, trend: Array<DashTargetPoint>, 
/**
 * The poverty target of the whole territory: yearly reduction since the baseline.
 */
since_baseline: number | null, 
/**
 * How sure the target itself is.
 */
confidence: Confidence, 
/**
 * How sure the rule behind the measure is (which water is hygienic…).
 */
rule_confidence: Confidence | null, rule_note_vi: string | null, rule_note_en: string | null, 
/**
 * The unit the value is of (targets are per commune: a village shows its commune's).
 */
measured_for: string, };

export type DashOpeningList = { 
/**
 * "danh sách áp dụng năm 2027 theo …".
 */
label: Message, 
/**
 * Whether its standard names an official review method.
 */
official: boolean, 
/**
 * The official method its standard names (the office's loaded file), if any.
 */
method: string | null, 
/**
 * Where the standard's numbers come from, as its file says.
 */
source: string, 
/**
 * With an official method: the unit's finished forms in each class of the list, classified
 * from their answers; none without one (the list is then not tallied).
 */
tally: DashOpeningTally | null, };

export type DashOpeningTally = { poor: number, near_poor: number, middle: number, other: number, 
/**
 * Finished forms the standard could not classify.
 */
unclassified: number, 
/**
 * Of the finished forms, those the opening list's own village meeting agreed on, and those
 * its chairman recognised.
 */
agreed: number, recognised: number, };

export type DashboardView = { round_year: number, 
/**
 * The round's name, in the user's language.
 */
round_label: Message, 
/**
 * Which list the figures are ("danh sách áp dụng năm 2025 theo …"); `None` for a round
 * whose standard this build does not know.
 */
figures_list: Message | null, 
/**
 * In a transition round, the list that opens the status year, which these figures are
 * not: named so nobody takes the closing list for it.
 */
opening_list: DashOpeningList | null, previous_year: number | null, unit: DashUnit, 
/**
 * From the installation's territory down to `unit`.
 */
breadcrumb: Array<DashUnit>, 
/**
 * "Tổng số hộ dân cư": the denominator of every rate.
 */
resident_households: number, denominator: string, 
/**
 * Households whose form is finished (completed or later): "đã rà soát".
 */
reviewed: number, 
/**
 * Households still being reviewed (drafts, forms sent back), never counted as reviewed.
 */
in_progress: number, 
/**
 * Households whose class is provisional (answers it depends on still open): counted
 * apart, never in `classes` or `changes`.
 */
provisional: number, 
/**
 * Poor, near-poor, middle, other.
 */
classes: Array<DashFigure>, 
/**
 * Changes since the previous round.
 */
changes: Array<DashFigure>, 
/**
 * The communes of a territory, the villages of a commune; empty for a village.
 */
bars: Array<DashBar>, 
/**
 * Oldest round first, the current one last.
 */
trend: Array<DashTrendPoint>, targets_name_vi: string, targets_name_en: string, targets: Array<DashTarget>, 
/**
 * Where exports go unless the user names another folder.
 */
default_export_dir: string, };

export type DashExportInput = { 
/**
 * `xlsx`, `csv`, `posting` or `certificates`.
 */
kind: string, 
/**
 * An existing or new folder (absolute path).
 */
dir: string, 
/**
 * Only this commune (posting lists and certificates; the tables keep the whole report).
 */
commune: string | null, };

export type DashExportFile = { path: string, bytes: number, };

export type DashExportResult = { kind: string, 
/**
 * The file (workbook) or folder written.
 */
target: string, files: Array<DashExportFile>, 
/**
 * Households listed (workbook, CSV) or poor and near-poor households (posting lists,
 * certificates).
 */
rows: number, 
/**
 * Poor and near-poor households left off the posting lists or certificates because their
 * review has not reached the step that allows them (QĐ 24/2021 Art. 4: posting after the
 * village meeting agreed, certificates once recognised); 0 for the tables.
 */
held_back: number, bytes: number, };

export type DashExportProgress = { kind: string, done: number, total: number, finished: boolean, };

export type DashPrintInput = { 
/**
 * `posting` or `certificates`.
 */
kind: string, 
/**
 * Only this commune.
 */
commune: string | null, 
/**
 * In a transition round, `opening` prints the list that opens the status year (its own
 * class, year and standard); anything else the round's own list.
 */
list?: string, };

export type DashPrintout = { kind: string, html: string, 
/**
 * Sheets in it (villages' lists, households' certificates).
 */
pages: number, households: number, 
/**
 * Poor and near-poor households left out because their review has not reached the step
 * that allows the page (as `DashExportResult::held_back`).
 */
held_back: number, };

export type MeetingInput = { household_ids: Array<string>, 
/**
 * The village whose meeting it was (said in the journal's reason).
 */
village: string, 
/**
 * The day of the meeting, yyyy-mm-dd. The record keeps no meeting day of its own: it is
 * journalled in the step's reason.
 */
held_on: string, attendees: number, agreeing: number, };

export type RecognitionInput = { household_ids: Array<string>, 
/**
 * "125/QĐ-UBND".
 */
decision_number: string, 
/**
 * yyyy-mm-dd.
 */
decided_on: string, };

export type StepOutcome = { households: number, 
/**
 * Agreed at the meeting, or recognised.
 */
moved_on: number, 
/**
 * Sent back to review: the meeting agreed below half.
 */
returned: number, };

export type StepListsView = { review_year: number, status_year: number, 
/**
 * The closing list's standard, short: "NĐ 07/2021".
 */
closing_standard: string, 
/**
 * In a transition round, the opening list's standard, short: "NĐ 351/2025".
 */
opening_standard: string | null, 
/**
 * Whether the opening standard names its official review method; without one the opening
 * list cannot be met on or recognised ("chưa có phương pháp chính thức").
 */
opening_official: boolean, };

export type OpeningQuery = { village: string | null, village_id: string | null, 
/**
 * `meeting` (not met yet, or sent back by a meeting below half) or `recognition` (agreed).
 */
step: string, };

export type OpeningRow = { id: string, code: string, head_name: string, 
/**
 * Its class on the opening list (`poor`, `near_poor`, `middle`, `other`), `None` when the
 * standard cannot classify it (no measured income, say).
 */
class: string | null, 
/**
 * Why it has no class, in the catalogue's words.
 */
unclassified: Message | null, 
/**
 * Its state on the opening list (`not_met`, `returned`, `agreed`, …).
 */
status: string, };

export type FormOpening = { status_year: number, 
/**
 * The opening standard, short: "NĐ 351/2025".
 */
standard: string, 
/**
 * Its state on the opening list (`not_met`, `returned`, `agreed`, `recognised`,
 * `reported`); `not_met` again once the answers changed after a step.
 */
status: "not_met" | "agreed" | "returned" | "recognised" | "reported", 
/**
 * The commune chairman's decision that recognised it on the opening list.
 */
decision_number: string | null, decided_on: string | null, };
