//! The connection graph and the messages sent along it.

use std::collections::{HashSet, VecDeque};

use crate::{assert_share, members, network, MEMBERS};

/// Every member's neighbours (both directions), at `id - 1`.
fn adjacency() -> Vec<Vec<u32>> {
    let synth = network();
    let mut adjacent = vec![Vec::new(); MEMBERS as usize];
    for id in 1..=MEMBERS {
        for other in synth.connections(id) {
            adjacent[id as usize - 1].push(other);
            adjacent[other as usize - 1].push(id);
        }
    }
    for list in &mut adjacent {
        list.sort_unstable();
    }
    adjacent
}

#[test]
fn each_edge_once_without_self_loops() {
    let synth = network();
    let mut edges = HashSet::new();
    for id in 1..=MEMBERS {
        let lower = synth.connections(id);
        assert!(lower.windows(2).all(|w| w[0] < w[1]), "connections of {id} not ascending and distinct");
        for other in lower {
            assert!(other >= 1 && other < id, "connection {id}-{other} listed from the wrong end");
            assert!(edges.insert((other, id)), "edge {other}-{id} twice");
        }
    }
}

#[test]
fn small_world_degree_clustering_and_reach() {
    let adjacent = adjacency();
    let n = adjacent.len() as f64;
    let degrees: Vec<usize> = adjacent.iter().map(Vec::len).collect();
    let mean = degrees.iter().sum::<usize>() as f64 / n;
    assert!((10.0..=30.0).contains(&mean), "average degree {mean}");
    assert!(*degrees.iter().max().unwrap() < 120, "a hub with {} connections", degrees.iter().max().unwrap());
    assert_share("members without connections", degrees.iter().filter(|&&d| d == 0).count(), degrees.len(), 0.0..=1.0);

    // Average local clustering coefficient, against the density a random graph of the same size
    // and number of edges would have as its clustering coefficient.
    let mut total = 0.0;
    for list in &adjacent {
        let k = list.len();
        if k < 2 {
            continue;
        }
        let mut links = 0;
        for (i, &a) in list.iter().enumerate() {
            for &b in &list[i + 1..] {
                if adjacent[a as usize - 1].binary_search(&b).is_ok() {
                    links += 1;
                }
            }
        }
        total += links as f64 / (k * (k - 1) / 2) as f64;
    }
    let clustering = total / n;
    let density = mean / (n - 1.0);
    assert!(clustering > 0.08 && clustering > 20.0 * density, "clustering {clustering:.3}, density {density:.4}");

    // Short paths: from one member, almost everyone is reachable within a few hops.
    let mut distance = vec![usize::MAX; adjacent.len()];
    let mut queue = VecDeque::from([0usize]);
    distance[0] = 0;
    while let Some(v) = queue.pop_front() {
        for &w in &adjacent[v] {
            let w = w as usize - 1;
            if distance[w] == usize::MAX {
                distance[w] = distance[v] + 1;
                queue.push_back(w);
            }
        }
    }
    let reached: Vec<usize> = distance.into_iter().filter(|&d| d != usize::MAX).collect();
    assert_share("members reachable from member 1", reached.len(), adjacent.len(), 98.0..=100.0);
    let mean_hops = reached.iter().sum::<usize>() as f64 / reached.len() as f64;
    assert!(mean_hops < 7.0, "mean distance {mean_hops:.2}");
}

#[test]
fn colleagues_connect_more_than_strangers() {
    let adjacent = adjacency();
    let ms = members();
    let employers = |id: u32| -> HashSet<u32> { ms[id as usize - 1].experience.iter().map(|x| x.company).collect() };
    let (mut shared, mut edges) = (0, 0);
    for (i, list) in adjacent.iter().enumerate() {
        let mine = employers(i as u32 + 1);
        for &other in list {
            edges += 1;
            if !mine.is_disjoint(&employers(other)) {
                shared += 1;
            }
        }
    }
    assert_share("connections between (former) colleagues", shared, edges, 50.0..=90.0);
}

#[test]
fn messages_go_to_connections_at_plausible_times() {
    let synth = network();
    let adjacent = adjacency();
    let ms = members();
    let mut sent = 0;
    let mut texts = HashSet::new();
    for id in 1..=MEMBERS {
        let me = &ms[id as usize - 1];
        let messages = synth.messages(id);
        assert!(messages.windows(2).all(|w| w[0].sent_at <= w[1].sent_at), "messages of {id} not in order");
        for msg in messages {
            assert!(adjacent[id as usize - 1].binary_search(&msg.to).is_ok(), "{id} wrote to a stranger {}", msg.to);
            let them = &ms[msg.to as usize - 1];
            for m in [me, them] {
                assert!(m.joined_at <= msg.sent_at && msg.sent_at <= m.closed_at.unwrap_or(crate::now()), "{msg:?}");
            }
            assert!(msg.text.len() > 10 && msg.text.len() < 300, "{msg:?}");
            let first_name = them.name.split(' ').next().unwrap();
            assert!(!msg.text.contains('{'), "{msg:?}");
            if msg.text.starts_with("Hi ") {
                assert!(msg.text.starts_with(&format!("Hi {first_name}")), "{msg:?} to {}", them.name);
            }
            texts.insert(msg.text);
            sent += 1;
        }
    }
    let per_member = sent as f64 / MEMBERS as f64;
    assert!((1.0..=6.0).contains(&per_member), "{per_member} messages per member");
    assert!(texts.len() * 2 > sent, "messages repeat too much: {} distinct of {sent}", texts.len());
}
