// SPDX-License-Identifier: Apache-2.0
#include "config/schema.hpp"

#include <unistd.h>

#include <algorithm>
#include <set>
#include <system_error>

namespace meerkat::config {

// ---- LoadContext / SectionCheck --------------------------------------------------------------

LoadContext::LoadContext(std::string file, std::filesystem::path working_dir)
    : file_(std::move(file)), working_dir_(std::move(working_dir)) {}

void LoadContext::error(Position pos, std::string message) {
  error_at_path(pos, path_, std::move(message));
}

void LoadContext::error_at_path(Position pos, std::string path, std::string message) {
  errors_.push_back({file_, pos.line, pos.col, std::move(path), std::move(message)});
}

void LoadContext::not_applied(Position pos, std::string path) {
  not_applied_.push_back({file_, pos.line, pos.col, std::move(path),
                          "validated, but not applied yet (see docs/config-options.md)"});
}

LoadContext::Scope LoadContext::key(std::string_view key) {
  auto old = path_.size();
  if (!path_.empty()) path_ += '.';
  path_ += key;
  return Scope(*this, old);
}

LoadContext::Scope LoadContext::index(std::size_t one_based) {
  auto old = path_.size();
  path_ += "[" + std::to_string(one_based) + "]";
  return Scope(*this, old);
}

namespace {

std::string join_path(const std::string& base, std::string_view rest) {
  if (base.empty()) return std::string(rest);
  if (rest.empty()) return base;
  if (!rest.empty() && rest.front() == '[') return base + std::string(rest);
  return base + "." + std::string(rest);
}

}  // namespace

void SectionCheck::error(std::string_view key, std::string message) {
  const auto* entry = table_.find(key);
  ctx_.error_at_path(entry ? entry->value.pos : table_.pos, join_path(ctx_.path(), key),
                     std::move(message));
}

void SectionCheck::error_at(std::string_view relative_path, std::string message) {
  const RawNode* node = &table_;
  Position pos = table_.pos;
  std::size_t i = 0;
  while (node && i < relative_path.size()) {
    if (relative_path[i] == '.') ++i;
    if (relative_path[i] == '[') {
      auto close = relative_path.find(']', i);
      auto index = std::stoul(std::string(relative_path.substr(i + 1, close - i - 1)));
      node = (node->is_array() && index >= 1 && index <= node->array.size())
                 ? &node->array[index - 1]
                 : nullptr;
      i = close + 1;
    } else {
      auto end = relative_path.find_first_of(".[", i);
      auto key = relative_path.substr(i, end == std::string_view::npos ? end : end - i);
      const auto* entry = node->is_table() ? node->find(key) : nullptr;
      node = entry ? &entry->value : nullptr;
      i = end == std::string_view::npos ? relative_path.size() : end;
    }
    if (node) pos = node->pos;
  }
  ctx_.error_at_path(pos, join_path(ctx_.path(), relative_path), std::move(message));
}

// ---- scalars ---------------------------------------------------------------------------------

ScalarRules compile_rules(ScalarKind kind, const std::vector<Validator>& validators,
                          std::optional<std::int64_t> type_min,
                          std::optional<std::int64_t> type_max, std::string unit) {
  ScalarRules r;
  r.kind = kind;
  r.min = type_min;
  r.max = type_max;
  r.unit = std::move(unit);
  if (kind == ScalarKind::kInteger && type_min == 0) r.range_name = "non-negative";
  for (const auto& v : validators) {
    switch (v.kind()) {
      case Validator::Kind::kPositive:
        r.min = 1;
        r.range_name = "positive";
        break;
      case Validator::Kind::kNonNegative:
        r.min = 0;
        r.range_name = "non-negative";
        break;
      case Validator::Kind::kPort:
        r.min = 1;
        r.max = 65535;
        r.range_name = "port";
        break;
      case Validator::Kind::kNonEmpty: r.non_empty = true; break;
      case Validator::Kind::kOneOf: r.choices = v.choices(); break;
      case Validator::Kind::kOrInfinity: r.infinity = true; break;
      default: r.formats.push_back(v.kind()); break;
    }
  }
  return r;
}

std::string quote_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += "\\x" + std::to_string(static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

namespace {

std::string choices_text(const std::vector<Choice>& choices) {
  std::string out;
  for (const auto& c : choices) {
    if (!out.empty()) out += ", ";
    out += c.is_integer() ? std::to_string(c.value()) : quote_string(c.name());
  }
  return out;
}

struct Noun {
  const char* article;
  std::string text;
};

Noun scalar_noun(const ScalarRules& r) {
  switch (r.kind) {
    case ScalarKind::kBoolean: return {"a ", "boolean"};
    case ScalarKind::kFloat: return {"a ", "number"};
    case ScalarKind::kInteger:
      if (!r.choices.empty()) return {"", "one of " + choices_text(r.choices)};
      if (r.range_name == std::string_view("port")) return {"a ", "port number (1-65535)"};
      if (r.range_name) return {"a ", std::string(r.range_name) + " integer"};
      return {"an ", "integer"};
    case ScalarKind::kString:
      if (!r.choices.empty()) return {"", "one of " + choices_text(r.choices)};
      for (auto f : r.formats) {
        switch (f) {
          case Validator::Kind::kJid: return {"a ", "JID"};
          case Validator::Kind::kDomain: return {"a ", "domain name"};
          case Validator::Kind::kIpAddress: return {"an ", "IP address"};
          case Validator::Kind::kFileReadable: return {"a ", "path to a readable file"};
          case Validator::Kind::kUrl: return {"a ", "URL"};
          default: break;
        }
      }
      if (r.non_empty) return {"a ", "non-empty string"};
      return {"a ", "string"};
  }
  return {"a ", "value"};
}

bool kind_matches(ScalarKind want, RawNode::Kind got) {
  switch (want) {
    case ScalarKind::kBoolean: return got == RawNode::Kind::kBoolean;
    case ScalarKind::kInteger: return got == RawNode::Kind::kInteger;
    case ScalarKind::kFloat: return got == RawNode::Kind::kInteger || got == RawNode::Kind::kFloat;
    case ScalarKind::kString: return got == RawNode::Kind::kString;
  }
  return false;
}

// Empty when fine, else why the file cannot be used.
std::string file_problem(const std::filesystem::path& dir, const std::string& name) {
  std::filesystem::path p(name);
  if (p.is_relative()) p = dir / p;
  std::error_code ec;
  auto status = std::filesystem::status(p, ec);
  if (ec || !std::filesystem::exists(status)) return "no such file";
  if (!std::filesystem::is_regular_file(status)) return "not a regular file";
  if (::access(p.c_str(), R_OK) != 0) return "not readable";
  return "";
}

bool format_ok(Validator::Kind format, const std::string& s) {
  switch (format) {
    case Validator::Kind::kIpAddress: return ip_address_version(s) != 0;
    case Validator::Kind::kUrl: return is_url(s);
    default: return true;
  }
}

}  // namespace

std::string ScalarRules::describe(bool with_article) const {
  auto noun = scalar_noun(*this);
  std::string out = with_article ? noun.article + noun.text : noun.text;
  if (infinity) out += " or \"infinity\"";
  if (!with_article && !unit.empty()) out += " (" + unit + ")";
  return out;
}

ScalarCheck check_scalar(const RawNode& raw, const ScalarRules& rules, LoadContext& ctx) {
  if (rules.infinity && raw.kind == RawNode::Kind::kString && raw.string == "infinity") {
    return ScalarCheck::kInfinity;
  }
  auto fail = [&](const std::string& got, const std::string& extra = "") {
    ctx.error(raw.pos, "expected " + rules.describe(true) + extra + ", got " + got);
    return ScalarCheck::kInvalid;
  };
  if (!kind_matches(rules.kind, raw.kind)) return fail(std::string(kind_name(raw.kind)));
  if (rules.kind == ScalarKind::kInteger) {
    if (!rules.choices.empty()) {
      auto it = std::find_if(rules.choices.begin(), rules.choices.end(),
                             [&](const Choice& c) { return c.value() == raw.integer; });
      if (it == rules.choices.end()) return fail(quote_raw(raw));
    }
    if (rules.min && raw.integer < *rules.min) return fail(quote_raw(raw));
    if (rules.max && raw.integer > *rules.max) {
      bool said = rules.range_name == std::string_view("port");
      return fail(quote_raw(raw), said ? "" : " no greater than " + std::to_string(*rules.max));
    }
  }
  if (rules.kind == ScalarKind::kString) {
    if (!rules.choices.empty()) {
      auto it = std::find_if(rules.choices.begin(), rules.choices.end(),
                             [&](const Choice& c) { return c.name() == raw.string; });
      if (it == rules.choices.end()) return fail(quote_raw(raw));
      return ScalarCheck::kValue;
    }
    if (raw.string.empty() && (rules.non_empty || !rules.formats.empty())) {
      return fail(quote_raw(raw));
    }
    for (auto f : rules.formats) {
      if (f == Validator::Kind::kFileReadable) {
        auto problem = file_problem(ctx.working_dir(), raw.string);
        if (!problem.empty()) return fail(quote_raw(raw) + " (" + problem + ")");
      } else if (f == Validator::Kind::kDomain || f == Validator::Kind::kJid) {
        auto problem =
            f == Validator::Kind::kDomain ? domain_problem(raw.string) : jid_problem(raw.string);
        if (!problem.empty()) return fail(quote_raw(raw) + " (" + problem + ")");
      } else if (!format_ok(f, raw.string)) {
        return fail(quote_raw(raw));
      }
    }
  }
  return ScalarCheck::kValue;
}

bool check_array(const RawNode& raw, const ScalarRules& rules, LoadContext& ctx) {
  if (!raw.is_array()) {
    ctx.error(raw.pos, "expected an array of " + rules.describe(false) + ", got " +
                           std::string(kind_name(raw.kind)));
    return false;
  }
  if (rules.non_empty && raw.array.empty()) {
    ctx.error(raw.pos, "expected a non-empty array, got []");
    return false;
  }
  return true;
}

std::int64_t choice_value(const ScalarRules& rules, const std::string& name) {
  for (const auto& c : rules.choices) {
    if (c.name() == name) return c.value();
  }
  throw InternalError("config: no choice " + name);
}

std::string render_choice(const ScalarRules& rules, std::int64_t value) {
  for (const auto& c : rules.choices) {
    if (c.value() == value) return quote_string(c.name());
  }
  return "?";
}

bool check_map_key(const RawEntry& entry, const ScalarRules& rules, LoadContext& ctx) {
  if (!rules.non_empty && rules.formats.empty() && rules.choices.empty()) return true;
  RawNode key;
  key.kind = RawNode::Kind::kString;
  key.string = entry.key;
  key.pos = entry.key_pos;
  return check_scalar(key, rules, ctx) == ScalarCheck::kValue;
}

bool check_array_of_tables(const RawNode& raw, LoadContext& ctx) {
  if (raw.is_array()) return true;
  ctx.error(raw.pos, "expected an array of tables, got " + std::string(kind_name(raw.kind)));
  return false;
}

bool check_table(const RawNode& raw, LoadContext& ctx) {
  if (raw.is_table()) return true;
  ctx.error(raw.pos, "expected a table, got " + std::string(kind_name(raw.kind)));
  return false;
}

namespace detail {

void check_choice_type(const std::vector<Validator>& validators, std::type_index type,
                       bool required) {
  bool found = false;
  for (const auto& v : validators) {
    if (v.kind() != Validator::Kind::kOneOf) continue;
    found = true;
    for (const auto& c : v.choices()) {
      if (c.type() != type) throw InternalError("config: one_of() value of the wrong type");
    }
  }
  if (required && !found) throw InternalError("config: an enum option needs one_of()");
}

void add_field(SectionSpec& spec, std::string key, std::string doc, NodeSpec value,
               std::size_t offset, std::type_index value_type, std::type_index element_type) {
  FieldSpec f;
  f.key = std::move(key);
  f.doc = std::move(doc);
  f.value = std::move(value);
  f.offset = offset;
  f.value_type = value_type;
  f.element_type = element_type;
  spec.fields.push_back(std::move(f));
}

void merge_into(SectionSpec& spec, const SectionSpec& inner, std::size_t offset) {
  for (FieldSpec f : inner.fields) {
    f.offset += offset;
    spec.fields.push_back(std::move(f));
  }
  for (CrossCheck c : inner.cross_checks) {
    c.offset += offset;
    spec.cross_checks.push_back(std::move(c));
  }
}

void add_step(FieldSpec& field, std::type_index arg, std::function<bool(void*)> fn,
              std::string expected) {
  PostStep step{false, std::move(fn), std::move(expected)};
  if (arg == field.value_type) {
    step.on_elements = false;
  } else if (arg == field.element_type) {
    step.on_elements = true;
  } else {
    throw InternalError("config: check/process argument does not fit option " + field.key);
  }
  field.steps.push_back(std::move(step));
}

}  // namespace detail

// ---- sections --------------------------------------------------------------------------------

namespace {

// Optimal string alignment distance: like Levenshtein, plus adjacent transpositions ("mdoe").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string expected_text(const std::string& expected) {
  return expected.rfind("expected ", 0) == 0 ? expected : "expected " + expected;
}

void run_steps(const FieldSpec& f, const RawNode& raw, void* member, LoadContext& ctx) {
  for (const auto& step : f.steps) {
    if (!step.on_elements) {
      if (!step.fn(member)) {
        ctx.error(raw.pos, expected_text(step.expected) + ", got " + quote_raw(raw));
        return;
      }
      continue;
    }
    bool ok = true;
    auto n = f.element_count(member);
    for (std::size_t i = 0; i < n; ++i) {
      if (step.fn(f.element_at(member, i))) continue;
      ok = false;
      if (raw.is_array() && i < raw.array.size()) {
        auto scope = ctx.index(i + 1);
        ctx.error(raw.array[i].pos,
                  expected_text(step.expected) + ", got " + quote_raw(raw.array[i]));
      } else {
        ctx.error(raw.pos, expected_text(step.expected) + ", got " + quote_raw(raw));
      }
    }
    if (!ok) return;
  }
}

void report_unknown(const SectionSpec& spec, const RawEntry& entry, LoadContext& ctx) {
  std::vector<std::string> known;
  for (const auto& f : spec.fields) known.push_back(f.key);
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  auto scope = ctx.key(entry.key);
  std::string message = "unknown option";
  auto suggestion = closest_key(entry.key, known);
  if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
  if (known.empty()) {
    message += " (this table takes no options)";
  } else {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    message += " (known: " + list + ")";
  }
  ctx.error(entry.key_pos, std::move(message));
}

}  // namespace

std::string closest_key(std::string_view key, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = key.size() >= 5 ? 3 : 2;  // accept up to 2 (1 for short keys)
  for (const auto& k : known) {
    auto d = edit_distance(key, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

void load_section(const SectionSpec& spec, const RawNode& raw, void* object, LoadContext& ctx) {
  if (!check_table(raw, ctx)) return;
  auto* base = static_cast<char*>(object);
  std::set<std::string> failed;
  for (const auto& f : spec.fields) {
    const auto* entry = raw.find(f.key);
    if (!entry) {
      if (f.required) {
        ctx.error_at_path(raw.pos, join_path(ctx.path(), f.key), "required option missing");
        failed.insert(f.key);
      }
      continue;
    }
    if (f.status == Status::kValidatedOnly) {
      ctx.not_applied(entry->key_pos, join_path(ctx.path(), f.key));
    }
    auto scope = ctx.key(f.key);
    auto before = ctx.error_count();
    void* member = base + f.offset;
    f.value.load(f.value, entry->value, member, ctx);
    if (ctx.error_count() == before) run_steps(f, entry->value, member, ctx);
    if (ctx.error_count() != before) failed.insert(f.key);
  }
  auto* keys = spec.key_list_offset
                   ? reinterpret_cast<std::vector<std::string>*>(base + *spec.key_list_offset)
                   : nullptr;
  for (const auto& entry : raw.table) {
    bool known = std::any_of(spec.fields.begin(), spec.fields.end(),
                             [&](const FieldSpec& f) { return f.key == entry.key; });
    if (!known) {
      report_unknown(spec, entry, ctx);
    } else if (keys) {
      keys->push_back(entry.key);
    }
  }
  SectionCheck check(raw, ctx);
  for (const auto& c : spec.cross_checks) {
    bool blocked = c.depends_on.empty()
                       ? !failed.empty()
                       : std::any_of(c.depends_on.begin(), c.depends_on.end(),
                                     [&](const std::string& k) { return failed.count(k) > 0; });
    if (!blocked) c.fn(base + c.offset, check);
  }
}

void describe_section(const SectionSpec& spec, std::vector<OptionDoc>& rows,
                      const std::string& path, Status status, const void* defaults) {
  std::shared_ptr<void> own_defaults;
  if (!defaults && spec.make_default) {
    own_defaults = spec.make_default();
    defaults = own_defaults.get();
  }
  for (const auto& f : spec.fields) {
    auto p = join_path(path, f.key);
    auto s = (status == Status::kValidatedOnly || f.status == Status::kValidatedOnly)
                 ? Status::kValidatedOnly
                 : Status::kImplemented;
    const void* member = static_cast<const char*>(defaults) + f.offset;
    std::string def;
    if (f.required) {
      def = "required";
    } else if (f.value.render) {
      def = f.value.render(f.value, member);
    }
    rows.push_back({p, f.value.type, def, s, f.doc});
    if (f.value.describe_children) f.value.describe_children(f.value, rows, p, s, member);
  }
}

void load_section_node(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx) {
  load_section(*n.section, raw, out, ctx);
}

void describe_section_node(const NodeSpec& n, std::vector<OptionDoc>& rows, const std::string& path,
                           Status status, const void* value) {
  describe_section(*n.section, rows, path, status, value);
}

std::string render_not_set(const NodeSpec&, const void*) { return "not set"; }

}  // namespace meerkat::config
