//! Sharding for CI matrices: `--shard K/N` builds the jobs of shard K of N. Every machine of a
//! matrix computes the same assignment from the same course: jobs sorted by estimated size
//! (largest first, then by key), each given to the least loaded shard (the lowest-numbered
//! among equals) — the greedy longest-processing-time rule, within 4/3 of the best balance.
//! A catalogue is split as a whole: its courses' jobs together, so that one-job courses spread
//! over the shards instead of each going to the first.

use super::batch::Job;
use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("`{s}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: usize = k.trim().parse().map_err(|_| usage())?;
        let count: usize = n.trim().parse().map_err(|_| usage())?;
        if index == 0 || count == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The shard (1-based) of each job, in job order; `weight` estimates a job's size.
pub fn assign(jobs: &[Job], count: usize, weight: impl Fn(&Job) -> u64) -> Vec<usize> {
    let weighed: Vec<(String, u64)> = jobs.iter().map(|j| (j.key(), weight(j))).collect();
    assign_weighed(&weighed, count)
}

/// The shard (1-based) of each `(key, estimated size)`, in their order: the same rule over
/// any jobs, e.g. those of every course of a catalogue (keys then name the course too).
pub fn assign_weighed(jobs: &[(String, u64)], count: usize) -> Vec<usize> {
    let count = count.max(1);
    let mut order: Vec<(u64, &str, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, (key, weight))| (*weight, key.as_str(), i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut loads = vec![0u64; count];
    let mut shards = vec![0; jobs.len()];
    for (w, _, i) in order {
        let (lightest, _) = loads
            .iter()
            .enumerate()
            .min_by_key(|(k, load)| (**load, *k))
            .unwrap_or((0, &0));
        loads[lightest] += w.max(1);
        shards[i] = lightest + 1;
    }
    shards
}

/// The jobs of `shard`, in their order.
pub fn select(jobs: Vec<Job>, shard: Shard, weight: impl Fn(&Job) -> u64) -> Vec<Job> {
    let shards = assign(&jobs, shard.count, weight);
    jobs.into_iter()
        .zip(shards)
        .filter(|(_, s)| *s == shard.index)
        .map(|(job, _)| job)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::Format;

    fn jobs() -> Vec<Job> {
        ["ar", "de", "en", "fr", "ja"]
            .iter()
            .flat_map(|l| {
                [Format::Scorm12, Format::Xapi].map(|format| Job {
                    lang: l.to_string(),
                    format,
                })
            })
            .collect()
    }

    fn weight(job: &Job) -> u64 {
        match job.lang.as_str() {
            "ar" => 30,
            "ja" => 20,
            _ => 10,
        }
    }

    #[test]
    fn shards_are_disjoint_cover_everything_and_balance() {
        let all = jobs();
        for count in 1..=6 {
            let shards = assign(&all, count, weight);
            assert!(shards.iter().all(|s| (1..=count).contains(s)));
            let mut seen = Vec::new();
            for k in 1..=count {
                let picked = select(all.clone(), Shard { index: k, count }, weight);
                seen.extend(picked.iter().map(Job::key));
            }
            seen.sort();
            let mut keys: Vec<String> = all.iter().map(Job::key).collect();
            keys.sort();
            assert_eq!(seen, keys, "{count} shards: each job exactly once");
        }
        // 160 units of work on 2 shards: 80 each.
        let shards = assign(&all, 2, weight);
        let load = |k| -> u64 {
            all.iter()
                .zip(&shards)
                .filter(|(_, s)| **s == k)
                .map(|(j, _)| weight(j))
                .sum()
        };
        assert_eq!((load(1), load(2)), (80, 80));
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", ""] {
            let e = bad.parse::<Shard>().unwrap_err();
            assert!(e.contains("K/N"), "{e}");
        }
    }
}
