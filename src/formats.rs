//! The formats `nisso import` reads and `nisso export --format` writes, each defined once
//! here: its name (on the command line and in `meta.imported.format`), the file extension
//! it usually has and a description. The command line's parser and help, `check` and the
//! importers use these lists, and a test holds the README to them.

/// One list of formats: an enum with `ALL`, `as_str`, `extension`, `description`, `parse`,
/// and clap's value parser and help built from them.
macro_rules! formats {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal, $extension:literal, $description:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name on the command line and in data.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The usual file extension, without the dot.
            pub fn extension(self) -> &'static str {
                match self {
                    $($name::$variant => $extension),+
                }
            }

            /// What the format is, in a few words.
            pub fn description(self) -> &'static str {
                match self {
                    $($name::$variant => $description),+
                }
            }

            pub fn parse(name: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|format| format.as_str() == name)
            }

            /// The names, as a sentence lists them ("a, b or c").
            pub fn names() -> String {
                let names: Vec<&str> = Self::ALL.iter().map(|format| format.as_str()).collect();
                match names.split_last() {
                    Some((last, [])) => last.to_string(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                Self::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.as_str()).help(self.description()))
            }
        }
    };
}

formats! {
    /// The formats `nisso import` reads.
    ImportFormat {
        TimelineJs = "timelinejs", "json", "a TimelineJS 3 JSON file";
        Csv = "csv", "csv", "a TimelineJS spreadsheet (CSV)";
        Wikidata = "wikidata", "json", "Wikidata SPARQL query results";
    }
}

formats! {
    /// The formats `nisso export` writes.
    ExportFormat {
        /// The default: loads back with `--data` unchanged.
        Json = "json", "json", "nisso's own dataset JSON, which loads back with --data unchanged";
        TimelineJs = "timelinejs", "json", "a TimelineJS 3 JSON file";
        Csv = "csv", "csv", "a TimelineJS spreadsheet (CSV)";
        Markdown = "markdown", "md", "Markdown notes: the whole dataset, or with an ID one entity or one era";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_are_listed_in_a_sentence() {
        for format in ImportFormat::ALL {
            assert_eq!(ImportFormat::parse(format.as_str()), Some(*format));
        }
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::parse(format.as_str()), Some(*format));
        }
        assert_eq!(ImportFormat::names(), "timelinejs, csv or wikidata");
        assert_eq!(ImportFormat::parse("TimelineJS"), None);
    }
}
