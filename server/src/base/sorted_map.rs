//! Serde helpers for hash maps written as lists of `[key, value]` pairs
//! sorted by key: the same map always gives the same bytes, whatever
//! order it was built in (a corpus index merged in any order is one file).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

pub fn serialize<K, V, H, S>(map: &HashMap<K, V, H>, s: S) -> Result<S::Ok, S::Error>
where
    K: Serialize + Ord,
    V: Serialize,
    S: Serializer,
{
    let mut pairs: Vec<(&K, &V)> = map.iter().collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    s.collect_seq(pairs)
}

pub fn deserialize<'de, K, V, H, D>(d: D) -> Result<HashMap<K, V, H>, D::Error>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
    H: BuildHasher + Default,
    D: Deserializer<'de>,
{
    let pairs = Vec::<(K, V)>::deserialize(d)?;
    let mut map = HashMap::with_capacity_and_hasher(pairs.len(), H::default());
    map.extend(pairs);
    Ok(map)
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct M(#[serde(with = "super")] FxHashMap<u64, u32>);

    #[test]
    fn any_insertion_order_gives_the_same_sorted_text() {
        let a = M([(9, 1), (2, 5), (40, 3)].into_iter().collect());
        let b = M([(40, 3), (9, 1), (2, 5)].into_iter().collect());
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(text, "[[2,5],[9,1],[40,3]]");
        assert_eq!(text, serde_json::to_string(&b).unwrap());
        assert_eq!(serde_json::from_str::<M>(&text).unwrap(), a);
    }
}
