// SPDX-License-Identifier: Apache-2.0
// gdpr: a user's personal data (GDPR art. 15 and 20) exported to a ZIP file of CSV files on
// the server, one per kind of data: account, roster, vCard, private XML, last activity,
// offline messages and the message archive.
#include <fstream>

#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "api/zip_writer.hpp"
#include "modules/mam/mam_request.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;
using Files = std::vector<std::pair<std::string, std::string>>;

// Each part reads one kind of data and adds its CSV file; an error stops the export.
asio::awaitable<Result<void>> roster_part(ApiServices& s, jid::Jid user, Files& files) {
  static constexpr const char* kSubscriptions[] = {"none", "to", "from", "both"};
  auto call = s.stores.roster->roster(std::string(user.node()), std::string(user.domain()));
  auto roster = co_await std::move(call);
  if (!roster) co_return roster.error();
  std::string csv = csv_row({"jid", "name", "subscription", "groups"});
  for (const auto& item : roster->items) {
    std::string groups;
    for (const auto& g : item.groups) groups += (groups.empty() ? "" : ";") + g;
    csv +=
        csv_row({item.jid, item.name, kSubscriptions[static_cast<int>(item.subscription)], groups});
  }
  files.emplace_back("roster.csv", std::move(csv));
  co_return Result<void>{};
}

asio::awaitable<Result<void>> profile_part(ApiServices& s, jid::Jid user, Files& files) {
  std::string node(user.node());
  std::string host(user.domain());
  auto vcard_call = s.stores.vcard->get(node, host);
  auto vcard = co_await std::move(vcard_call);
  if (!vcard) co_return vcard.error();
  files.emplace_back("vcard.csv", csv_row({"vcard"}) + (*vcard ? csv_row({**vcard}) : ""));
  auto private_call = s.stores.private_storage->all(node, host);
  auto stored = co_await std::move(private_call);
  if (!stored) co_return stored.error();
  std::string csv = csv_row({"namespace", "element"});
  for (const auto& [xmlns, xml] : *stored) csv += csv_row({xmlns, xml});
  files.emplace_back("private.csv", std::move(csv));
  auto last_call = s.stores.last->get(node, host);
  auto last = co_await std::move(last_call);
  if (!last) co_return last.error();
  csv = csv_row({"timestamp", "status"});
  if (*last) {
    csv += csv_row({api_datetime(std::chrono::system_clock::time_point(
                        std::chrono::seconds((*last)->seconds_since_epoch))),
                    (*last)->status});
  }
  files.emplace_back("last.csv", std::move(csv));
  co_return Result<void>{};
}

asio::awaitable<Result<void>> messages_part(ApiServices& s, jid::Jid user, Files& files) {
  auto offline_call =
      s.stores.offline->peek_all(std::string(user.node()), std::string(user.domain()));
  auto offline = co_await std::move(offline_call);
  if (!offline) co_return offline.error();
  std::string csv = csv_row({"timestamp", "from", "to", "message"});
  for (const auto& m : *offline) csv += csv_row({api_datetime(m.stamp), m.from, m.to, m.stanza});
  files.emplace_back("offline.csv", std::move(csv));
  if (!s.stores.mam) co_return Result<void>{};
  csv = csv_row({"id", "timestamp", "direction", "peer", "message"});
  for (std::uint64_t after = 0;;) {
    storage::MamQuery query;
    query.user = std::string(user.node());
    query.host = std::string(user.domain());
    query.page_after = after;
    query.limit = 500;
    query.count = false;
    auto call = s.stores.mam->query(std::move(query));
    auto page = co_await std::move(call);
    if (!page) co_return page.error();
    for (const auto& m : page->messages) {
      csv += csv_row({modules::mam::encode_id(m.id), api_datetime(modules::mam::time_of(m.id)),
                      m.outgoing ? "sent" : "received", m.remote, m.stanza});
      after = m.id;
    }
    if (page->messages.size() < 500) break;
  }
  files.emplace_back("mam_pm.csv", std::move(csv));
  co_return Result<void>{};
}

Awaitable retrieve_personal_data(ApiServices& s, const FieldContext& c) {
  auto user = jid::Jid::make(arg_string(c, "username"), arg_string(c, "domain"), "");
  if (!user) co_return bad_input("Invalid user");
  auto problem = check_user(s, *user);
  if (auto error = co_await std::move(problem)) co_return *error;
  Files files{{"account.csv", csv_row({"jid"}) + csv_row({user->to_string()})}};
  for (auto part : {roster_part, profile_part, messages_part}) {
    auto read = part(s, *user, files);
    auto done = co_await std::move(read);
    if (!done) co_return internal_error(done.error());
  }
  auto path = arg_string(c, "resultFilepath");
  auto written = std::make_shared<bool>(false);
  auto job = run_off_shard([files = std::move(files), path, written] {
    ZipWriter zip;
    for (const auto& [name, content] : files) zip.add(name, content);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << zip.finish();
    *written = static_cast<bool>(out.flush());
  });
  co_await std::move(job);
  if (!*written) co_return FieldError::coded("Cannot write " + path, "file_not_written");
  co_return Resolved(json::value("Data retrieved"));
}

}  // namespace

void add_gdpr_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "GdprAdminQuery", "retrievePersonalData",
              retrieve_personal_data);
}

}  // namespace meerkat::api::graphql
