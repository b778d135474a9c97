// SPDX-License-Identifier: Apache-2.0
#include "modules/mam/mam_request.hpp"

#include <charconv>
#include <sstream>

#include "core/jid/jid.hpp"
#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"

namespace meerkat::modules::mam {

namespace {

std::int64_t microseconds_of(std::chrono::system_clock::time_point when) {
  return std::chrono::floor<std::chrono::microseconds>(when.time_since_epoch()).count();
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string> values_of(const xml::Element& field) {
  std::vector<std::string> values;
  for (const auto& child : field.children()) {
    if (child.is("value", ns::kDataForms)) values.push_back(child.text());
  }
  return values;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// One form field into the query; an error names the field.
Result<void> apply_field(std::string_view name, const std::vector<std::string>& values,
                         storage::MamQuery& query, const QueryLimits& limits) {
  std::string_view single = values.empty() ? std::string_view{} : values.front();
  auto bad = [&](std::string_view what) {
    return Error::bad_request("field '" + std::string(name) + "': " + std::string(what));
  };
  if (name == "FORM_TYPE") {
    if (single != ns::kMam) return bad("must be urn:xmpp:mam:2");
  } else if (name == "with") {
    auto with = jid::Jid::parse(single);
    if (!with) return bad("not a JID");
    query.with = std::string(with->bare_view());
    if (!with->resource().empty()) query.with_resource = std::string(with->resource());
  } else if (name == "start" || name == "end") {
    auto when = stanza::parse_datetime(single);
    if (!when) return bad("not an XEP-0082 date-time");
    if (name == "start") {
      auto first = first_id_at(*when);
      query.after = std::max(query.after, first == 0 ? 0 : first - 1);
    } else {
      query.before = std::min(query.before, first_id_at(*when + std::chrono::microseconds{1}));
    }
  } else if (name == "after-id" || name == "before-id") {
    auto id = decode_id(single);
    if (!id) return bad("not an archive id");
    if (name == "after-id") query.after = std::max(query.after, *id);
    if (name == "before-id") query.before = std::min(query.before, *id);
  } else if (name == "ids") {
    for (const auto& value : values) {
      auto id = decode_id(value);
      if (!id) return bad("not an archive id");
      query.ids.push_back(*id);
    }
    if (query.ids.empty()) return bad("no ids");
  } else if (name == "full-text-search" && limits.full_text_search) {
    query.words = words_of(single);
  } else if (name == "include-groupchat") {
    // Group chats are not archived in users' archives (pm.archive_groupchats is off).
  } else {
    return bad("not a field of urn:xmpp:mam:2");
  }
  return {};
}

Result<void> apply_form(const xml::Element& form, storage::MamQuery& query,
                        const QueryLimits& limits) {
  for (const auto& field : form.children()) {
    if (!field.is("field", ns::kDataForms)) continue;
    auto applied = apply_field(field.attr_or("var", ""), values_of(field), query, limits);
    if (!applied) return applied.error();
  }
  return {};
}

// XEP-0059 §2: max, after, before (empty: the last page) and index.
Result<void> apply_paging(const xml::Element& set, ArchiveRequest& request,
                          const QueryLimits& limits) {
  auto& query = request.query;
  if (const auto* max = set.find_child("max", ns::kRsm)) {
    auto value = parse_number(max->text());
    if (!value) return Error::bad_request("<max/> is not a number");
    query.limit = std::min<std::size_t>(*value, limits.max_limit);
  }
  if (const auto* after = set.find_child("after", ns::kRsm)) {
    auto id = decode_id(after->text());
    if (!id) return Error{ErrorType::kCancel, Condition::kItemNotFound, "unknown <after/> id"};
    query.page_after = *id;
  }
  if (const auto* before = set.find_child("before", ns::kRsm)) {
    query.from_end = true;
    if (!before->text().empty()) {
      auto id = decode_id(before->text());
      if (!id) return Error{ErrorType::kCancel, Condition::kItemNotFound, "unknown <before/> id"};
      query.page_before = *id;
    }
  }
  if (const auto* index = set.find_child("index", ns::kRsm)) {
    auto value = parse_number(index->text());
    if (!value) return Error::bad_request("<index/> is not a number");
    query.offset = static_cast<std::size_t>(*value);
  }
  return {};
}

xml::Element form_field(std::string var, std::string type) {
  xml::Element field("field", std::string(ns::kDataForms));
  field.add_attr_unchecked("var", std::move(var));
  field.add_attr_unchecked("type", std::move(type));
  return field;
}

}  // namespace

std::uint64_t ArchiveIds::next(std::chrono::system_clock::time_point now) {
  auto candidate = first_id_at(now);
  auto last = last_.load(std::memory_order_relaxed);
  while (true) {
    auto next = std::max(candidate, last + 1);
    if (last_.compare_exchange_weak(last, next, std::memory_order_relaxed)) return next;
  }
}

std::uint64_t first_id_at(std::chrono::system_clock::time_point when) {
  auto us = microseconds_of(when);
  return us <= 0 ? 0 : static_cast<std::uint64_t>(us) << 8;
}

std::chrono::system_clock::time_point time_of(std::uint64_t id) {
  auto since_epoch = std::chrono::microseconds{static_cast<std::int64_t>(id >> 8)};
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_epoch));
}

std::string encode_id(std::uint64_t id) { return std::to_string(id); }

std::optional<std::uint64_t> decode_id(std::string_view text) { return parse_number(text); }

Result<ArchiveRequest> parse_archive_request(const xml::Element& query, std::string user,
                                             std::string host, const QueryLimits& limits) {
  ArchiveRequest request;
  request.query.user = std::move(user);
  request.query.host = std::move(host);
  request.query.limit = limits.default_limit;
  request.query_id = std::string(query.attr_or("queryid", ""));
  for (const auto& child : query.children()) {
    if (child.is("x", ns::kDataForms)) {
      if (child.attr_or("type", "submit") != "submit") {
        return Error::bad_request("the form must be of type 'submit'");
      }
      auto applied = apply_form(child, request.query, limits);
      if (!applied) return applied.error();
    } else if (child.is("set", ns::kRsm)) {
      auto applied = apply_paging(child, request, limits);
      if (!applied) return applied.error();
    } else if (child.is("flip-page", ns::kMam)) {
      request.flip_page = true;
    }
  }
  return request;
}

xml::Element query_form(bool full_text_search) {
  xml::Element query("query", std::string(ns::kMam));
  auto& form = query.append(xml::Element("x", std::string(ns::kDataForms)));
  form.add_attr_unchecked("type", "form");
  auto& form_type = form.append(form_field("FORM_TYPE", "hidden"));
  form_type.append(xml::Element("value", std::string(ns::kDataForms))).append_text(std::string(ns::kMam));
  form.append(form_field("with", "jid-single"));
  form.append(form_field("start", "text-single"));
  form.append(form_field("end", "text-single"));
  form.append(form_field("before-id", "text-single"));
  form.append(form_field("after-id", "text-single"));
  form.append(form_field("ids", "text-multi"));
  if (full_text_search) form.append(form_field("full-text-search", "text-single"));
  return query;
}

}  // namespace meerkat::modules::mam
