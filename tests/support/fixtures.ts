/** Two real sepsis papers as BibTeX (the first has seven authors, for Vancouver's "et al."). */
export const SEPSIS_BIBTEX = `@article{singer2016,
  author = {Singer, Mervyn and Deutschman, Clifford S and Seymour, Christopher Warren and Shankar-Hari, Manu and Annane, Djillali and Bauer, Michael and Bellomo, Rinaldo},
  title = {The Third International Consensus Definitions for Sepsis and Septic Shock (Sepsis-3)},
  journal = {JAMA},
  year = {2016},
  volume = {315},
  number = {8},
  pages = {801--810},
  doi = {10.1001/jama.2016.0287}
}
@article{rivers2001,
  author = {Rivers, Emanuel and Nguyen, Bryant},
  title = {Early goal-directed therapy in the treatment of severe sepsis and septic shock},
  journal = {N Engl J Med},
  year = {2001},
  volume = {345},
  number = {19},
  pages = {1368--1377},
  doi = {10.1056/NEJMoa010307}
}`;
