//! Union-find (disjoint sets) over `0..n`, for grouping things connected by
//! pairs: copies of one article, name variants of one entity.

/// Disjoint sets with path compression; the root of a set is its smallest member,
/// so groups come out in a deterministic order.
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `count` singletons.
    pub fn new(count: usize) -> UnionFind {
        UnionFind {
            parent: (0..count).collect(),
        }
    }

    /// The smallest member of `x`'s set.
    pub fn root(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut x = x;
        while self.parent[x] != root {
            let next = self.parent[x];
            self.parent[x] = root;
            x = next;
        }
        root
    }

    /// Joins the sets of `a` and `b`.
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_join_through_chains_and_keep_their_smallest_member_as_root() {
        let mut sets = UnionFind::new(6);
        sets.union(4, 2);
        sets.union(2, 5);
        sets.union(1, 0);
        assert_eq!(sets.root(5), 2);
        assert_eq!(sets.root(4), 2);
        assert_eq!(sets.root(1), 0);
        assert_eq!(sets.root(3), 3);
    }
}
