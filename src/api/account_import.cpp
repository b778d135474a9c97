// SPDX-License-Identifier: Apache-2.0
#include "api/account_import.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "auth/password/password_record.hpp"
#include "core/jid/jid.hpp"
#include "storage/run_blocking.hpp"

namespace meerkat::api {

namespace {

struct Candidate {
  std::string user;
  std::string host;
  std::string password;
  std::string record;  // filled by hash_all
};

std::string trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// Sorts one line into `report` or, when it names a valid new account, into `candidates`.
// The password is everything after the second comma, so it may itself contain commas.
void classify(std::string_view line, const std::function<bool(std::string_view)>& served,
              ImportReport& report, std::vector<Candidate>& candidates) {
  auto first = line.find(',');
  auto second = first == std::string_view::npos ? first : line.find(',', first + 1);
  if (second == std::string_view::npos) {
    report.invalid_record.emplace_back(line);
    return;
  }
  auto user = trim(line.substr(0, first));
  auto host = trim(line.substr(first + 1, second - first - 1));
  auto password = std::string(line.substr(second + 1));
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto jid = jid::Jid::parse(user + "@" + host);
  if (user.empty() || !jid || !jid->is_bare()) {
    report.invalid_jid.push_back(user + "@" + host);
    return;
  }
  auto bare = jid->to_string();
  if (!served(jid->domain())) {
    report.not_allowed.push_back(bare);
  } else if (password.empty()) {
    report.empty_password.push_back(bare);
  } else {
    candidates.push_back(
        {std::string(jid->node()), std::string(jid->domain()), std::move(password), {}});
  }
}

// PBKDF2 over every hash in auth.password.hash is the whole cost of an import: spread it over
// all cores, each thread taking the next unhashed candidate.
void hash_all(std::vector<Candidate>& candidates, const config::PasswordOptions& options) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (auto i = next++; i < candidates.size(); i = next++) {
      auto record = auth::password::make_password_record(candidates[i].password, options);
      candidates[i].record = auth::password::serialize(record);
    }
  };
  std::vector<std::jthread> threads;
  auto count = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < count; ++i) threads.emplace_back(work);
  work();
}

}  // namespace

Result<ImportReport> import_accounts(std::istream& csv, const config::Config& config,
                                     storage::AccountStore& accounts,
                                     const std::function<bool(std::string_view)>& served) {
  ImportReport report;
  std::vector<Candidate> candidates;
  for (std::string line; std::getline(csv, line);) {
    if (trim(line).empty()) continue;
    classify(line, served, report, candidates);
  }
  hash_all(candidates, config.auth.password);
  for (auto& candidate : candidates) {
    auto bare = candidate.user + "@" + candidate.host;
    auto created = storage::run_blocking(
        accounts.create(candidate.user, candidate.host, std::move(candidate.record)));
    if (!created) return created.error();
    (*created ? report.created : report.existing).push_back(std::move(bare));
  }
  return report;
}

}  // namespace meerkat::api
