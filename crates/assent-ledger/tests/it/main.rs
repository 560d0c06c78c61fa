//! Integration tests of the consent ledger, each on both databases where both apply.

mod durability;
mod model;
mod postgres;
