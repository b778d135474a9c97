// SPDX-License-Identifier: Apache-2.0
// meerkat: command line → configuration → Server::run(). Nothing else lives here.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "app/account_command.hpp"
#include "app/config_source.hpp"
#include "app/server.hpp"
#include "config/config_reference.hpp"
#include "net/listener.hpp"
#include "net/tls/tls_context.hpp"

namespace {

// Exit codes: 0 ok, 1 the server could not start, 2 the configuration is invalid.
constexpr int kExitStartupFailed = 1;
constexpr int kExitBadConfig = 2;

int print_errors(const meerkat::config::ConfigErrors& errors) {
  for (const auto& error : errors.errors()) std::cerr << error.to_string() << '\n';
  return kExitBadConfig;
}

int check_config(const std::string& file) {
  auto loaded = meerkat::app::load_configuration(file);
  if (!loaded) return print_errors(loaded.error());
  for (const auto& option : loaded->not_applied) std::cerr << option.to_string() << '\n';
  std::cout << file << ": configuration is valid\n";
  return 0;
}

int run_server(const std::optional<std::string>& file, const std::string& data_dir) {
  auto loaded = meerkat::app::load_configuration(file);
  if (!loaded) return print_errors(loaded.error());
  try {
    meerkat::app::Server server(std::move(*loaded), {data_dir});
    server.run();
  } catch (const meerkat::app::StartupError& e) {
    std::cerr << "meerkat: " << e.what() << '\n';
    return kExitBadConfig;
  } catch (const meerkat::net::tls::TlsSetupError& e) {
    std::cerr << "meerkat: " << e.what() << '\n';
    return kExitBadConfig;
  } catch (const std::exception& e) {
    std::cerr << "meerkat: cannot start: " << e.what() << '\n';
    return kExitStartupFailed;
  }
  return 0;
}

int account(const std::optional<std::string>& file, meerkat::app::AccountCommand command) {
  auto loaded = meerkat::app::load_configuration(file);
  if (!loaded) return print_errors(loaded.error());
  return meerkat::app::run_account_command(*loaded, std::move(command));
}

const char* target_name(meerkat::app::AccountAction action) {
  using meerkat::app::AccountAction;
  if (action == AccountAction::kList) return "HOST";
  if (action == AccountAction::kImport) return "FILE";
  return "USER@HOST";
}

// `meerkat account add|remove|passwd|check|list|import …`
void add_account_commands(CLI::App& cli, meerkat::app::AccountCommand& command) {
  using meerkat::app::AccountAction;
  auto* account = cli.add_subcommand("account", "Manage accounts in the server's storage");
  account->require_subcommand(1);
  account->fallthrough();
  struct Verb {
    const char* name;
    AccountAction action;
    const char* help;
  };
  static const Verb kVerbs[] = {
      {"add", AccountAction::kAdd, "Create USER@HOST with PASSWORD ('-': read from stdin)"},
      {"passwd", AccountAction::kPasswd, "Set the password of USER@HOST"},
      {"remove", AccountAction::kRemove, "Remove USER@HOST and all its data"},
      {"check", AccountAction::kCheck, "Tell whether PASSWORD is the password of USER@HOST"},
      {"list", AccountAction::kList, "List the accounts of HOST"},
      {"import", AccountAction::kImport,
       "Create the accounts of a CSV FILE of username,domain,password lines"},
  };
  for (const auto& verb : kVerbs) {
    auto* sub = account->add_subcommand(verb.name, verb.help);
    sub->fallthrough();  // --config and --data-dir may follow the verb
    bool takes_password = verb.action != AccountAction::kRemove &&
                          verb.action != AccountAction::kList &&
                          verb.action != AccountAction::kImport;
    sub->add_option("target", command.target, target_name(verb.action))->required();
    if (takes_password) sub->add_option("password", command.password, "PASSWORD")->required();
    sub->callback([&command, action = verb.action] { command.action = action; });
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Meerkat, an XMPP server configured like MongooseIM"};
  std::optional<std::string> config_file;
  std::optional<std::string> check_file;
  std::string data_dir = "var";
  bool print_reference = false;
  cli.add_option("-c,--config", config_file,
                 "Configuration file (.toml, MongooseIM format); default: the embedded one");
  cli.add_option("--check-config", check_file, "Validate FILE, print every error, and exit");
  cli.add_option("--data-dir", data_dir, "Directory for SQLite files and generated certificates")
      ->capture_default_str();
  cli.add_flag("--print-config-reference", print_reference,
               "Print the reference of every configuration option (Markdown) and exit");
  cli.set_version_flag("--version", "meerkat 0.1.0");
  meerkat::app::AccountCommand account_command;
  add_account_commands(cli, account_command);
  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("account")) {
    account_command.data_dir = data_dir;
    return account(config_file, std::move(account_command));
  }

  if (check_file) return check_config(*check_file);
  if (print_reference) {
    std::cout << meerkat::config::config_reference_markdown();
    return 0;
  }
  return run_server(config_file, data_dir);
}
