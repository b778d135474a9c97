# SPDX-License-Identifier: Apache-2.0
# meerkat_library(NAME DIR DEPS...): one static library per source folder (STYLE.md "layers").
# Sources are globbed so that adding a file to a folder needs no CMake change; the
# dependency list is the layer rule: a folder can only include what it names here.
function(meerkat_library name dir)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp)
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARGN})
endfunction()
