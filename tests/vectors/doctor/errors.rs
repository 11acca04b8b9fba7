//! The `errors` cases of doctor.json as the Rust tests read them (core's unit tests and the
//! CLI's, through `#[path]`): what each case gives (its `text` as is, or else its `input` as
//! JSON) is read in this one place.

/// A case of doctor.json's `errors`: input the doctor must refuse.
pub struct InputError<'a> {
    pub name: &'a str,
    /// The bytes given: the case's `text`, or else its `input` as JSON.
    pub input: Vec<u8>,
    /// The error code the refusal names.
    pub error: &'a str,
}

/// The `errors` cases of the vectors `v`.
pub fn input_errors(v: &serde_json::Value) -> Vec<InputError<'_>> {
    let errors = v["errors"].as_array().unwrap();
    errors
        .iter()
        .map(|e| InputError {
            name: e["name"].as_str().unwrap(),
            input: match e.get("text") {
                Some(t) => t.as_str().unwrap().as_bytes().to_vec(),
                None => serde_json::to_vec(&e["input"]).unwrap(),
            },
            error: e["error"].as_str().unwrap(),
        })
        .collect()
}
