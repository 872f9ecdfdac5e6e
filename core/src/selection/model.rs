//! From a pool and resolved quotas to the solver's reduced model, and from a
//! panel of the reduced model back to people.

use std::collections::BTreeMap;

use super::rng::DrawRng;
use super::solver::{Model, Panel, Row};
use super::targets::ResolvedTargets;

/// The type key of a value whose quota cannot bind: every such value of a
/// feature is one and the same to the solver.
pub(crate) const ANY: u16 = u16::MAX;

/// A pool member as the solver sees it: value index per feature and an
/// optional household index.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub(crate) values: Vec<u16>,
    pub(crate) household: Option<usize>,
}

/// What a cell stands for.
#[derive(Debug, Clone)]
pub(crate) struct CellInfo {
    /// Index into `Reduced::types`.
    pub(crate) ty: usize,
    /// Household class, or `None` for people who share no household.
    pub(crate) class: Option<usize>,
    /// People of the cell (sorted).
    pub(crate) members: Vec<usize>,
}

/// A class of households with the same make-up.
#[derive(Debug, Clone)]
pub(crate) struct ClassInfo {
    /// The households, each a sorted list of people.
    pub(crate) households: Vec<Vec<usize>>,
}

/// The reduced model with what is needed to map back.
#[derive(Debug, Clone)]
pub(crate) struct Reduced {
    pub(crate) model: Model,
    /// Feature-value indices of each type ([`ANY`] for a value whose quota
    /// cannot bind).
    pub(crate) types: Vec<Vec<u16>>,
    pub(crate) cells: Vec<CellInfo>,
    pub(crate) classes: Vec<ClassInfo>,
    /// Cell of each person.
    pub(crate) cell_of: Vec<usize>,
}

impl Reduced {
    /// Builds the model for `agents` (already in canonical order).
    #[allow(clippy::too_many_lines)]
    pub(crate) fn new(agents: &[Agent], targets: &ResolvedTargets) -> Self {
        // A value whose bounds cannot bind (at least 0, at most every seat:
        // a value the plan does not list, such as one of a free-text
        // column's thousand answers) constrains no panel, so people who
        // differ only in such values are interchangeable: they share a type.
        let open: Vec<Vec<bool>> = targets
            .features
            .iter()
            .map(|f| {
                f.values
                    .iter()
                    .map(|q| q.min == 0 && q.max >= targets.seats)
                    .collect()
            })
            .collect();
        let keys: Vec<Vec<u16>> = agents
            .iter()
            .map(|a| {
                a.values
                    .iter()
                    .enumerate()
                    .map(|(f, &v)| {
                        let free = open
                            .get(f)
                            .and_then(|o| o.get(usize::from(v)))
                            .copied()
                            .unwrap_or(false);
                        if free { ANY } else { v }
                    })
                    .collect()
            })
            .collect();
        let mut type_ids: BTreeMap<&[u16], usize> = BTreeMap::new();
        for k in &keys {
            let next = type_ids.len();
            type_ids.entry(k.as_slice()).or_insert(next);
        }
        // Renumber types in sorted order so ids do not depend on input order.
        let mut types: Vec<Vec<u16>> = Vec::with_capacity(type_ids.len());
        for (i, (values, id)) in type_ids.iter_mut().enumerate() {
            types.push(values.to_vec());
            *id = i;
        }
        let ty: Vec<usize> = keys.iter().map(|k| type_ids[k.as_slice()]).collect();

        let mut households: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, a) in agents.iter().enumerate() {
            if let Some(h) = a.household {
                households.entry(h).or_default().push(i);
            }
        }
        let mut singles: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut class_of: BTreeMap<Vec<usize>, Vec<Vec<usize>>> = BTreeMap::new();
        let mut in_household = vec![false; agents.len()];
        for members in households.into_values() {
            if members.len() < 2 {
                continue;
            }
            for &m in &members {
                in_household[m] = true;
            }
            let mut make_up: Vec<usize> = members.iter().map(|&m| ty[m]).collect();
            make_up.sort_unstable();
            class_of.entry(make_up).or_default().push(members);
        }
        for (i, &t) in ty.iter().enumerate() {
            if !in_household[i] {
                singles.entry(t).or_default().push(i);
            }
        }

        let mut size = Vec::new();
        let mut cap = Vec::new();
        let mut cells = Vec::new();
        let mut couplings = Vec::new();
        let mut classes = Vec::new();
        for (t, members) in singles {
            let n = u32::try_from(members.len()).unwrap_or(u32::MAX);
            size.push(n);
            cap.push(n);
            cells.push(CellInfo {
                ty: t,
                class: None,
                members,
            });
        }
        for (make_up, hs) in class_of {
            let class = classes.len();
            let m = u32::try_from(hs.len()).unwrap_or(u32::MAX);
            let mut distinct = make_up.clone();
            distinct.dedup();
            let mut class_cells = Vec::new();
            for t in distinct {
                let mut members: Vec<usize> = hs
                    .iter()
                    .flat_map(|h| h.iter().copied().filter(|&p| ty[p] == t))
                    .collect();
                members.sort_unstable();
                class_cells.push(cells.len());
                size.push(u32::try_from(members.len()).unwrap_or(u32::MAX));
                cap.push(m);
                cells.push(CellInfo {
                    ty: t,
                    class: Some(class),
                    members,
                });
            }
            if class_cells.len() > 1 {
                couplings.push(Row {
                    lo: 0,
                    hi: m,
                    cells: class_cells,
                });
            }
            classes.push(ClassInfo { households: hs });
        }
        let mut cell_of = vec![0; agents.len()];
        for (c, cell) in cells.iter().enumerate() {
            for &m in &cell.members {
                cell_of[m] = c;
            }
        }

        let mut rows = Vec::new();
        for (f, feature) in targets.features.iter().enumerate() {
            for (v, quota) in feature.values.iter().enumerate() {
                // An open value's row cannot bind; it lists the cells of
                // every open value of the feature, and keeps its place (the
                // diagnosis names rows by feature and value).
                let key = if open[f][v] {
                    ANY
                } else {
                    u16::try_from(v).unwrap_or(ANY)
                };
                let members: Vec<usize> = cells
                    .iter()
                    .enumerate()
                    .filter(|(_, cell)| types[cell.ty][f] == key)
                    .map(|(c, _)| c)
                    .collect();
                rows.push(Row {
                    lo: quota.min,
                    hi: quota.max,
                    cells: members,
                });
            }
        }
        Self {
            model: Model {
                seats: targets.seats,
                size,
                cap,
                ty: cells.iter().map(|c| c.ty).collect(),
                rows,
                couplings,
            },
            types,
            cells,
            classes,
            cell_of,
        }
    }

    /// People for a panel of cell counts: uniformly at random within each
    /// cell, and for household classes, distinct households chosen uniformly
    /// with one person of the wanted kind from each. Sorted.
    pub(crate) fn realise(&self, panel: &Panel, rng: &mut DrawRng) -> Vec<usize> {
        let mut chosen = Vec::new();
        let mut by_class: BTreeMap<usize, Vec<(usize, u32)>> = BTreeMap::new();
        for &(c, n) in panel {
            let cell = &self.cells[c];
            match cell.class {
                None => chosen.extend(rng.sample(&cell.members, n as usize)),
                Some(class) => by_class.entry(class).or_default().push((c, n)),
            }
        }
        for (class, wants) in by_class {
            let households = &self.classes[class].households;
            let total: u32 = wants.iter().map(|&(_, n)| n).sum();
            let picked = rng.sample_indices(households.len(), total as usize);
            let mut next = picked.into_iter();
            for (c, n) in wants {
                let ty = self.cells[c].ty;
                for h in next.by_ref().take(n as usize) {
                    let kind: Vec<usize> = households[h]
                        .iter()
                        .copied()
                        .filter(|&p| self.cells[self.cell_of[p]].ty == ty)
                        .collect();
                    chosen.extend(rng.sample(&kind, 1));
                }
            }
        }
        chosen.sort_unstable();
        chosen
    }
}
