//! Fuzz target `service_csv`: the service-map and district CSV imports, as an administrator.
//! The body is `homeward_tests::hostile::service_csv`, shared with the corpus replay.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: homeward_tests::hostile::prepare("service_csv"),
    |data: &[u8]| homeward_tests::hostile::service_csv(data)
);
