//! Shared helpers of the openday examples: command-line flags.

use std::collections::HashMap;

/// Parse `--name value` pairs, refusing unknown names.
pub fn flags(allowed: &[&str]) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let Some(name) = arg.strip_prefix("--") else {
            return Err(format!(
                "unexpected argument `{arg}`; flags are --{}",
                allowed.join(", --")
            ));
        };
        if name == "help" {
            return Err(format!(
                "flags: --{}",
                allowed.join(" VALUE, --") + " VALUE"
            ));
        }
        if !allowed.contains(&name) {
            return Err(format!(
                "unknown flag `--{name}`; flags are --{}",
                allowed.join(", --")
            ));
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`--{name}` needs a value"))?;
        out.insert(name.to_owned(), value);
    }
    Ok(out)
}
