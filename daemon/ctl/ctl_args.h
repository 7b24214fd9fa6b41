// Command-line arguments of postwatchctl: positional words and --flags, parsed once.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace postwatch::ctl {

struct Args {
  std::vector<std::string> positional;              // after the subcommand words
  std::multimap<std::string, std::string> options;  // --name value (repeatable)
  std::vector<std::string> flags;                   // --name without value

  bool Has(const std::string& flag) const;
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
};

// Parses argv[first..]. `valued` names the options that take a value.
Args ParseArgs(int argc, char** argv, int first, const std::vector<std::string>& valued);

// JSON string literal of `s`, with quotes.
std::string JsonQuote(const std::string& s);

}  // namespace postwatch::ctl
