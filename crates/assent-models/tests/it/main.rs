//! Integration tests of the model layer, one module per area.

mod assist;
mod corpus;
mod exposure;
mod generate;
mod mixture;
mod ngram;
mod suggest;
mod tokenize;
