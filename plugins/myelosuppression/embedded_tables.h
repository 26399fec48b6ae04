// The rule tables under tables/, compiled into the plugin so that the .so
// needs no files at run time. The definition is generated at build time by
// embed_tables.cmake: one raw string literal per table file.
#pragma once

#include "plugins/myelosuppression/rule_tables.h"

namespace casehub::myelosuppression {

TableTexts EmbeddedTables();

}  // namespace casehub::myelosuppression
