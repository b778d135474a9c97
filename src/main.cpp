// SPDX-License-Identifier: Apache-2.0
// meerkat: command line → configuration → Server::run(). Nothing else lives here.
int main() { return 0; }
