# Test environment. The tests read the data mirror and the reference outputs
# through tests/support/data_dir.h: $NHOOD_DATA_DIR / $NHOOD_REFERENCE_DIR
# when set (`make test DATA_DIR=... REFERENCE_DIR=...` sets them), else these
# cache variables. A test whose data is missing fails; it never skips.
get_filename_component(_nhood_shared "${PROJECT_SOURCE_DIR}/../shared" ABSOLUTE)
set(NHOOD_DATA_DIR "${_nhood_shared}/data" CACHE PATH "Data mirror the tests read (overridden by $NHOOD_DATA_DIR)")
set(NHOOD_REFERENCE_DIR "${_nhood_shared}/reference" CACHE PATH
    "Reference outputs the tests read (overridden by $NHOOD_REFERENCE_DIR)")

# nhood_module(NAME SOURCES a.cc ... DEPS other_targets ... PRIVATE_DEPS ...)
# Declares library target nhood_NAME. Layering is enforced by DEPS: a module
# can include only the headers of the modules it links.
#
# Each module exports only its own headers: its include root is
# build/include/NAME, holding one symbolic link nhood/DIR -> src/nhood/DIR,
# DIR being the directory that declares the module (usually NAME; `value`
# lives in src/nhood/evaluate), so `#include "nhood/DIR/x.h"` resolves only
# in targets that link the module (directly or through DEPS). src/ itself is
# on no include path. cmake/layering checks that a wrong include fails to
# compile (CTest Layering.GeoCannotIncludeAtlas).
function(nhood_module_include_root name out)
  set(root ${PROJECT_BINARY_DIR}/include/${name})
  get_filename_component(dir ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  file(MAKE_DIRECTORY ${root}/nhood)
  file(REMOVE ${root}/nhood/${dir})  # a stale link (moved source tree) too
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/nhood/${dir} SYMBOLIC)
  set(${out} ${root} PARENT_SCOPE)
endfunction()

function(nhood_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS;TEST_SOURCES;TEST_DEPS" ${ARGN})
  set(target nhood_${name})
  nhood_module_include_root(${name} include_root)
  if(M_SOURCES)
    add_library(${target} STATIC ${M_SOURCES})
    target_include_directories(${target} PUBLIC ${include_root})
    target_link_libraries(${target} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
    nhood_warnings(${target})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${include_root})
    target_link_libraries(${target} INTERFACE ${M_DEPS})
  endif()
  if(NHOOD_BUILD_TESTS AND M_TEST_SOURCES)
    add_executable(${target}_test ${M_TEST_SOURCES})
    target_link_libraries(${target}_test PRIVATE ${target} ${M_TEST_DEPS} nhood_test_support GTest::gtest GTest::gtest_main)
    nhood_warnings(${target}_test)
    gtest_discover_tests(${target}_test DISCOVERY_TIMEOUT 60)
    set_property(GLOBAL APPEND PROPERTY NHOOD_TEST_TARGETS ${target}_test)
  endif()
endfunction()

# -Wno-missing-field-initializers: designated initialisers with defaulted
# members are our options style. -Wno-restrict: GCC 12 reports false
# positives on std::string concatenation at -O3 (GCC bug 105329).
function(nhood_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers
                                           -Wno-restrict)
endfunction()
