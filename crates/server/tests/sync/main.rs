//! Sync over HTTP on loopback: a real server on `127.0.0.1:0`, real clients, and a proxy that
//! cuts, stalls and reorders connections. Every test asserts what landed, never how fast.

mod actions;
mod attack;
mod basic;
mod common;
mod concurrent;
mod enrolment;
mod faults;
mod folder_import;
mod forged_own_certificate;
mod hostile;
mod hostile_load;
mod hostile_peers;
mod late_edits;
mod load;
mod move_back;
mod outbox;
mod province;
mod proxy;
mod pull;
mod reenrol;
mod refusals;
mod restart;
mod review_steps;
mod tls;
mod transfer_rounds;
mod transfers;
mod validity;
