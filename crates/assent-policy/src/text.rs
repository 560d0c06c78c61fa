//! The domain's values in files: purposes, kinds, visibilities, regions and instants serialise
//! as the text the rest of Assent uses (`train-genai`, `post`, `public`, `FR`, RFC 3339), and
//! deserialise through the same parsers, so an unknown or malformed value is an error naming it,
//! never a fallback.

use std::borrow::Cow;
use std::str::FromStr;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::{Kind, Purpose, Region, Timestamp, Visibility};

impl FromStr for Timestamp {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Timestamp> {
        Timestamp::parse_rfc3339(s)
    }
}

macro_rules! as_text {
    ($($t:ty),* $(,)?) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(d)?;
                text.parse().map_err(de::Error::custom)
            }
        }
    )*};
}

as_text!(Kind, Purpose, Region, Timestamp, Visibility);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_text_and_refuses_unknown_values() {
        let t: Timestamp = serde_json::from_str("\"2025-11-03T01:00:00+01:00\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2025-11-03T00:00:00Z\"");
        assert_eq!(serde_json::to_string(&Purpose::TrainGenai).unwrap(), "\"train-genai\"");
        assert_eq!(serde_json::from_str::<Purpose>("\"train-ai\"").unwrap(), Purpose::TrainAi);
        assert_eq!(serde_json::from_str::<Kind>("\"profile.about\"").unwrap(), Kind::ProfileAbout);
        let e = serde_json::from_str::<Purpose>("\"train-everything\"").unwrap_err().to_string();
        assert!(e.contains("unknown purpose `train-everything`"), "{e}");
        assert!(serde_json::from_str::<Timestamp>("\"2025-11-03\"").is_err());
        assert!(serde_json::from_str::<Visibility>("\"everyone\"").is_err());
    }
}
