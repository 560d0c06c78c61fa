//! The scalar functions the export plan calls: `assent_eligibility` (the one eligibility rule of
//! `assent-policy`, over Arrow arrays), `assent_scrub` (removes e-mail addresses and phone
//! numbers) and `assent_shard` (a member's shard).
//!
//! Every input the functions need arrives as an argument (the policy text, purpose and instant
//! as literals), so they hold no state and behave the same on every executor of a cluster.

use std::sync::Arc;

use assent_policy::{
    decide, Consent, Decision, ItemFacts, Kind, MemberFacts, Policy, Purpose, Reason, Region, Timestamp, Visibility,
};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Int32Builder, Int8Builder, StringArray, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Date32Type, Int64Type, TimestampMicrosecondType};
use datafusion::common::{exec_err, Result as DfResult};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, TypeSignature, Volatility,
};

/// The verdict code of an included item.
pub const INCLUDED: i8 = 0;
/// The verdict code of an item whose owner is not in the snapshot: an inconsistent snapshot.
pub const UNKNOWN_MEMBER: i8 = -1;

/// The verdict code of an exclusion reason: 1 + its position in [`Reason::ALL`].
pub fn reason_code(r: Reason) -> i8 {
    1 + Reason::ALL.iter().position(|x| *x == r).expect("every reason is in ALL") as i8
}

/// The reason of a verdict code (`None` for included or unknown codes).
pub fn reason_of(code: i8) -> Option<Reason> {
    usize::try_from(code - 1).ok().and_then(|i| Reason::ALL.get(i).copied())
}

/// A member's shard: FNV-1a (64-bit) of the member id's 8 little-endian bytes, modulo `shards`.
/// Stable across runs, machines and engines, so all of one member's items sit in one shard.
pub fn shard_of(member: i64, shards: u32) -> u32 {
    (fnv1a(&member.to_le_bytes()) % u64::from(shards.max(1))) as u32
}

/// A number of shards, 1 to [`ShardCount::MAX`]. Manifests hold it as a number; one out of
/// range is refused when the file is read, so no reader hashes members into a wrong count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct ShardCount(u32);

impl ShardCount {
    /// The most shards an export may have.
    pub const MAX: u32 = 4096;

    /// `n` shards, or an error saying what is allowed.
    pub fn new(n: u32) -> Result<ShardCount, String> {
        if (1..=ShardCount::MAX).contains(&n) {
            Ok(ShardCount(n))
        } else {
            Err(format!("a shard count must be between 1 and {}, not {n}", ShardCount::MAX))
        }
    }

    /// The count.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for ShardCount {
    type Error = String;
    fn try_from(n: u32) -> Result<ShardCount, String> {
        ShardCount::new(n)
    }
}

impl From<ShardCount> for u32 {
    fn from(n: ShardCount) -> u32 {
        n.0
    }
}

impl std::fmt::Display for ShardCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

pub use assent_policy::mix::fnv1a;

/// Replaces e-mail addresses with `[email]` and phone numbers (runs of 9 to 15 digits with the
/// usual separators) with `[phone]`.
pub fn scrub(text: &str) -> std::borrow::Cow<'_, str> {
    let (email, phone) = (text.contains('@'), may_hold_phone(text));
    if !email && !phone {
        return std::borrow::Cow::Borrowed(text);
    }
    let text = if email { email_regex().replace_all(text, "[email]") } else { std::borrow::Cow::Borrowed(text) };
    if !phone {
        return text;
    }
    // The phone pass by hand over the regex's matches: `replace_all` with a closure would ask
    // for each match's capture groups, which the regex finds with a slower engine.
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in phone_regex().find_iter(&text) {
        let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
        if (9..=15).contains(&digits) {
            out.push_str(&text[last..m.start()]);
            out.push_str("[phone]");
            last = m.end();
        }
    }
    if last == 0 {
        return text;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

fn email_regex() -> &'static regex::Regex {
    static EMAIL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    EMAIL.get_or_init(|| {
        regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").expect("valid regex")
    })
}

fn phone_regex() -> &'static regex::Regex {
    static PHONE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PHONE.get_or_init(|| regex::Regex::new(r"\+?\(?\d[\d ().-]{7,}\d").expect("valid regex"))
}

/// Whether some run of the characters a phone match is made of (digits, spaces, `().-`) holds
/// at least 9 ASCII digits. A phone match lies inside one such run (its leading `+` aside), and
/// only one with 9 to 15 ASCII digits is replaced: without such a run, the phone pass changes
/// nothing. Bytes of other characters do not end a run here, since `\d` also matches other
/// scripts' digits: the test may say yes in vain, never no in vain.
fn may_hold_phone(text: &str) -> bool {
    // Fewer than 9 ASCII digits in all, and no run can hold 9: a count the compiler vectorises
    // (in byte lanes, hence runs of at most 255 bytes), far cheaper than the walk below, which
    // most texts (a year or two at most) never need.
    let digits_in_all: usize = text
        .as_bytes()
        .chunks(255)
        .map(|run| run.iter().fold(0u8, |n, b| n + u8::from(b.is_ascii_digit())) as usize)
        .sum();
    if digits_in_all < 9 {
        return false;
    }
    let mut digits = 0;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits >= 9 {
                    return true;
                }
            }
            b' ' | b'(' | b')' | b'.' | b'-' | 0x80.. => {}
            _ => digits = 0,
        }
    }
    false
}

fn scalar_text(v: &ColumnarValue, what: &str) -> DfResult<Option<String>> {
    let array = datafusion::arrow::compute::cast(&v.to_array(1)?, &DataType::Utf8)?;
    let Some(s) = array.as_string_opt::<i32>() else {
        return exec_err!("{what} must be text");
    };
    Ok((!s.is_null(0)).then(|| s.value(0).to_string()))
}

/// `assent_eligibility(policy_toml, purpose, as_of_micros, kind, visibility, visibility_since,
/// created_at, deleted_at, region, birth_date, joined_at, closed_at, consent) -> Int8`:
/// 0 = included, 1 + reason index = excluded, -1 = the owner is missing from the snapshot.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct EligibilityUdf {
    signature: Signature,
}

impl EligibilityUdf {
    /// The function, ready to register.
    pub fn udf() -> ScalarUDF {
        ScalarUDF::from(EligibilityUdf { signature: Signature::any(13, Volatility::Immutable) })
    }
}

impl ScalarUDFImpl for EligibilityUdf {
    fn name(&self) -> &str {
        "assent_eligibility"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(DataType::Int8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let policy = match scalar_text(&args.args[0], "policy")? {
            Some(src) => Some(
                Policy::parse("snapshot policy", &src)
                    .map_err(|e| datafusion::error::DataFusionError::Execution(e.to_string()))?,
            ),
            None => None,
        };
        let purpose: Purpose = scalar_text(&args.args[1], "purpose")?
            .unwrap_or_default()
            .parse()
            .map_err(|e: assent_policy::Error| datafusion::error::DataFusionError::Execution(e.to_string()))?;
        let n = args.number_rows;
        let arrays: Vec<ArrayRef> = args.args[2..].iter().map(|a| a.to_array(n)).collect::<DfResult<_>>()?;
        let as_of = arrays[0].as_primitive_opt::<Int64Type>().map(|a| Timestamp(a.value(0)));
        let Some(as_of) = as_of else { return exec_err!("as_of must be an Int64 of microseconds") };
        let ts = |i: usize| arrays[i].as_primitive_opt::<TimestampMicrosecondType>();
        let (
            Some(kind),
            Some(vis),
            Some(vis_since),
            Some(created),
            Some(deleted),
            Some(region),
            Some(birth),
            Some(joined),
            Some(closed),
            Some(consent),
        ) = (
            arrays[1].as_string_opt::<i32>(),
            arrays[2].as_string_opt::<i32>(),
            ts(3),
            ts(4),
            ts(5),
            arrays[6].as_string_opt::<i32>(),
            arrays[7].as_primitive_opt::<Date32Type>(),
            ts(8),
            ts(9),
            arrays[10].as_any().downcast_ref::<BooleanArray>(),
        )
        else {
            return exec_err!(
                "assent_eligibility: unexpected argument types {:?}",
                arrays.iter().map(|a| a.data_type().clone()).collect::<Vec<_>>()
            );
        };
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
        let mut out = Int8Builder::with_capacity(n);
        // Rows come member by member (a member's items are consecutive), so each member's facts
        // are parsed once, for their first row, and reused while they stay the same.
        let mut last_region: Option<(&str, Region)> = None;
        let mut last_birth: Option<(i32, chrono::NaiveDate)> = None;
        for i in 0..n {
            // A missing owner, or a fact that does not parse, makes the snapshot inconsistent.
            let facts = (|| {
                if region.is_null(i) || birth.is_null(i) || joined.is_null(i) || kind.is_null(i) || vis.is_null(i) {
                    return None;
                }
                let item = ItemFacts {
                    kind: kind.value(i).parse::<Kind>().ok()?,
                    visibility: vis.value(i).parse::<Visibility>().ok()?,
                    visibility_since: Timestamp(vis_since.value(i)),
                    created_at: Timestamp(created.value(i)),
                    deleted_at: (!deleted.is_null(i)).then(|| Timestamp(deleted.value(i))),
                };
                let region = match last_region {
                    Some((code, parsed)) if code == region.value(i) => parsed,
                    _ => last_region.insert((region.value(i), Region::parse(region.value(i)).ok()?)).1,
                };
                let birth_date = match last_birth {
                    Some((days, date)) if days == birth.value(i) => date,
                    _ => {
                        let days = birth.value(i);
                        let date = epoch.checked_add_signed(chrono::TimeDelta::try_days(i64::from(days))?)?;
                        last_birth.insert((days, date)).1
                    }
                };
                let member = MemberFacts {
                    region,
                    birth_date,
                    joined_at: Timestamp(joined.value(i)),
                    closed_at: (!closed.is_null(i)).then(|| Timestamp(closed.value(i))),
                };
                let consent = if consent.is_null(i) { Consent::NoChoice } else { Consent::Explicit(consent.value(i)) };
                Some((item, member, consent))
            })();
            out.append_value(match facts {
                None => UNKNOWN_MEMBER,
                Some((item, member, consent)) => match decide(policy.as_ref(), purpose, &item, &member, consent, as_of)
                {
                    Decision::Included => INCLUDED,
                    Decision::Excluded(r) => reason_code(r),
                },
            });
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// `assent_scrub(text) -> text`: see [`scrub`]; `assent_scrub(text, keep)` is null where `keep` is
/// not true, and scrubs only the texts kept.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ScrubUdf {
    signature: Signature,
}

impl ScrubUdf {
    /// The function, ready to register.
    pub fn udf() -> ScalarUDF {
        let signature = Signature::one_of(
            vec![
                TypeSignature::Exact(vec![DataType::Utf8]),
                TypeSignature::Exact(vec![DataType::Utf8, DataType::Boolean]),
            ],
            Volatility::Immutable,
        );
        ScalarUDF::from(ScrubUdf { signature })
    }
}

impl ScalarUDFImpl for ScrubUdf {
    fn name(&self) -> &str {
        "assent_scrub"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let n = args.number_rows;
        let array = args.args[0].to_array(n)?;
        let Some(text) = array.as_any().downcast_ref::<StringArray>() else {
            return exec_err!("assent_scrub takes text");
        };
        let keep = args.args.get(1).map(|k| k.to_array(n)).transpose()?;
        let keep = match &keep {
            None => None,
            Some(k) => match k.as_any().downcast_ref::<BooleanArray>() {
                Some(k) => Some(k),
                None => return exec_err!("assent_scrub's second argument is a condition"),
            },
        };
        // `CASE WHEN keep THEN assent_scrub(text) END` would filter the batch, scrub, then
        // scatter the results back: two more copies of every kept text.
        let mut out = StringBuilder::with_capacity(n, text.value_data().len());
        for i in 0..n {
            let kept = keep.is_none_or(|k| k.is_valid(i) && k.value(i));
            out.append_option((kept && text.is_valid(i)).then(|| scrub(text.value(i))));
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// `assent_shard(member_id, shards) -> Int32`: see [`shard_of`].
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ShardUdf {
    signature: Signature,
}

impl ShardUdf {
    /// The function, ready to register.
    pub fn udf() -> ScalarUDF {
        ScalarUDF::from(ShardUdf {
            signature: Signature::exact(vec![DataType::Int64, DataType::Int64], Volatility::Immutable),
        })
    }
}

impl ScalarUDFImpl for ShardUdf {
    fn name(&self) -> &str {
        "assent_shard"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(DataType::Int32)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let n = args.number_rows;
        let members = args.args[0].to_array(n)?;
        let shards = args.args[1].to_array(n)?;
        let (Some(members), Some(shards)) =
            (members.as_primitive_opt::<Int64Type>(), shards.as_primitive_opt::<Int64Type>())
        else {
            return exec_err!("assent_shard takes (Int64, Int64)");
        };
        let mut out = Int32Builder::with_capacity(n);
        for i in 0..n {
            let s = u32::try_from(shards.value(i)).unwrap_or(1);
            out.append_value(shard_of(members.value(i), s) as i32);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn scrubs_contacts_but_not_short_numbers() {
        let cases = [
            ("write to maria.keller@example.com today", "write to [email] today"),
            ("call +1 415 555 0132 or (020) 7946-0958", "call [phone] or [phone]"),
            ("my access code is 3 9 1 4 7 2", "my access code is 3 9 1 4 7 2"),
            ("from 2019 to 2023, 12 people", "from 2019 to 2023, 12 people"),
            ("no contacts here", "no contacts here"),
        ];
        for (input, expected) in cases {
            assert_eq!(scrub(input), expected, "{input}");
        }
    }

    /// The first definition of [`scrub`]: both regex passes over every text, the phone pass
    /// through `replace_all`.
    fn scrub_by_regex(text: &str) -> String {
        let text = email_regex().replace_all(text, "[email]");
        let out = phone_regex().replace_all(&text, |c: &regex::Captures<'_>| {
            let digits = c[0].bytes().filter(u8::is_ascii_digit).count();
            if (9..=15).contains(&digits) {
                "[phone]".to_string()
            } else {
                c[0].to_string()
            }
        });
        out.into_owned()
    }

    proptest::proptest! {
        #[test]
        fn scrubs_as_both_regexes_over_every_text(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    "[0-9]{1,6}",
                    "[ ().+-]",
                    "[a-z]{1,5}",
                    proptest::sample::select(vec!["@", "@example.com", "maria.k", "٣", "１", "é", "\n", ", "]).prop_map(str::to_string),
                ],
                0..30,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(scrub(&text).into_owned(), scrub_by_regex(&text), "{:?}", text);
        }
    }

    #[test]
    fn scrubs_only_the_texts_kept() {
        let ctx = datafusion::execution::context::SessionContext::new();
        ctx.register_udf(ScrubUdf::udf());
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let rows = runtime
            .block_on(async {
                let sql = "SELECT assent_scrub(t, k), assent_scrub(t) FROM (VALUES
                    ('mail a@example.com', true), ('mail b@example.com', false),
                    ('mail c@example.com', CAST(NULL AS BOOLEAN)), (CAST(NULL AS VARCHAR), true)) AS v(t, k)";
                ctx.sql(sql).await?.collect().await
            })
            .unwrap();
        let column = |i: usize| -> Vec<Option<String>> {
            rows.iter()
                .flat_map(|b| b.column(i).as_string::<i32>().iter().map(|v| v.map(str::to_string)).collect::<Vec<_>>())
                .collect()
        };
        let s = |v: &str| Some(v.to_string());
        assert_eq!(column(0), vec![s("mail [email]"), None, None, None], "kept: true only");
        assert_eq!(column(1), vec![s("mail [email]"), s("mail [email]"), s("mail [email]"), None]);
    }

    #[test]
    fn shards_are_stable_and_spread() {
        assert_eq!(shard_of(1, 16), shard_of(1, 16));
        let mut counts = [0u32; 16];
        for m in 1..16_001 {
            counts[shard_of(m, 16) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (800..1200).contains(&c)), "{counts:?}");
        for r in Reason::ALL {
            assert_eq!(reason_of(reason_code(r)), Some(r));
        }
        assert_eq!(reason_of(INCLUDED), None);
    }
}
