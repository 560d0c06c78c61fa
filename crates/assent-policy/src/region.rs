//! Regions: ISO 3166-1 alpha-2 country codes, and the named groups a policy may use.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// Every officially assigned ISO 3166-1 alpha-2 code.
const ISO_3166_1: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET \
FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR \
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN \
MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR \
TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is in [`ISO_3166_1`]: a binary search over its fixed-width, sorted entries.
fn is_assigned(code: &[u8]) -> bool {
    let table = ISO_3166_1.as_bytes();
    let (mut lo, mut hi) = (0, table.len().div_ceil(3));
    while lo < hi {
        let mid = (lo + hi) / 2;
        match table[mid * 3..mid * 3 + 2].cmp(code) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// The 27 member states of the European Union.
const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];
/// The EEA: the EU plus Iceland, Liechtenstein and Norway.
const EEA_EXTRA: &[&str] = &["IS", "LI", "NO"];

/// A country, by its ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region([u8; 2]);

impl Region {
    /// Every assigned code, in order.
    pub fn all() -> impl Iterator<Item = Region> {
        ISO_3166_1.split(' ').map(|c| Region([c.as_bytes()[0], c.as_bytes()[1]]))
    }

    /// Parses an assigned ISO 3166-1 alpha-2 code (upper case, e.g. `FR`).
    pub fn parse(code: &str) -> Result<Region> {
        let b = code.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) && is_assigned(b) {
            Ok(Region([b[0], b[1]]))
        } else {
            Err(Error::Value(format!(
                "`{code}` is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as FR, US, GB)"
            )))
        }
    }

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII by construction")
    }

    /// Expands a policy's region name: a country code, or a group (`EU`, `EEA`).
    pub fn expand(name: &str) -> Result<Vec<Region>> {
        match name {
            "EU" => Ok(EU.iter().map(|c| Region::parse(c).expect("valid")).collect()),
            "EEA" => Ok(EU.iter().chain(EEA_EXTRA).map(|c| Region::parse(c).expect("valid")).collect()),
            _ => Region::parse(name).map(|r| vec![r]).map_err(|_| {
                Error::Value(format!(
                    "unknown region `{name}`; use an ISO 3166-1 alpha-2 country code (FR, US, GB, …) or a group (EU, EEA)"
                ))
            }),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Region::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_parses() {
        let all: Vec<Region> = Region::all().collect();
        assert_eq!(all.len(), 249);
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert!(all.iter().all(|r| Region::parse(r.as_str()) == Ok(*r)));
    }

    #[test]
    fn codes_and_groups() {
        assert_eq!(ISO_3166_1.split(' ').count(), 249);
        let codes: Vec<_> = ISO_3166_1.split(' ').collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]) && codes.iter().all(|c| c.len() == 2), "sorted, fixed width");
        assert!(codes.iter().all(|c| Region::parse(c).is_ok()));
        assert!(Region::parse("AA").is_err() && Region::parse("ZZ").is_err() && Region::parse("AC").is_err());
        assert_eq!(Region::parse("FR").unwrap().as_str(), "FR");
        assert!(Region::parse("fr").is_err());
        assert!(Region::parse("XX").is_err());
        assert!(Region::parse("EU").is_err(), "a group is not a country");
        assert_eq!(Region::expand("EU").unwrap().len(), 27);
        assert_eq!(Region::expand("EEA").unwrap().len(), 30);
        assert!(Region::expand("ZZ").unwrap_err().to_string().contains("unknown region `ZZ`"));
    }
}
