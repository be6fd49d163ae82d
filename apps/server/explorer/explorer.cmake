# Included from apps/server/CMakeLists.txt. The atlas explorer in `nhood serve --atlas DIR`: routes, pages (kainjow
# mustache templates) and assets (Leaflet from npm), embedded at build.
set(leaflet "${PROJECT_SOURCE_DIR}/node_modules/leaflet/dist")
set(here "${CMAKE_CURRENT_LIST_DIR}")
set(explorer_files
  "map.mustache=${here}/templates/map.mustache"
  "profile.mustache=${here}/templates/profile.mustache"
  "compare.mustache=${here}/templates/compare.mustache"
  "explorer.js=${here}/assets/explorer.js"
  "explorer.css=${here}/assets/explorer.css"
  "leaflet.js=${leaflet}/leaflet.js"
  "leaflet.css=${leaflet}/leaflet.css"
  "layers.png=${leaflet}/images/layers.png"
  "layers-2x.png=${leaflet}/images/layers-2x.png")
set(explorer_deps ${here}/embed_assets.cmake)
foreach(entry ${explorer_files})
  string(REGEX REPLACE "^[^=]*=" "" path "${entry}")
  if(EXISTS "${path}")
    list(APPEND explorer_deps "${path}")
  endif()
endforeach()
set(explorer_cc ${CMAKE_CURRENT_BINARY_DIR}/explorer_assets.cc)
string(REPLACE ";" "\\;" explorer_files_arg "${explorer_files}")
add_custom_command(
  OUTPUT ${explorer_cc}
  COMMAND ${CMAKE_COMMAND} "-DFILES=${explorer_files_arg}" -DOUT=${explorer_cc} -P ${here}/embed_assets.cmake
  DEPENDS ${explorer_deps}
  COMMENT "Embedding the explorer's templates and Leaflet")
target_sources(nhood_server PRIVATE ${here}/explorer.cc ${here}/gzip.cc ${here}/explorer_reach.cc ${here}/explorer_routes.cc ${here}/pages.cc ${explorer_cc})
target_link_libraries(nhood_server PUBLIC nhood_atlas)
if(NHOOD_BUILD_TESTS)
  add_executable(nhood_explorer_test ${here}/explorer_test.cc)
  target_link_libraries(nhood_explorer_test PRIVATE nhood_server nhood_test_support GTest::gtest GTest::gtest_main)
  nhood_warnings(nhood_explorer_test)
  gtest_discover_tests(nhood_explorer_test DISCOVERY_TIMEOUT 60)
endif()
if(TARGET nhood_explorer_test)
  target_compile_definitions(nhood_explorer_test PRIVATE NHOOD_BINARY="$<TARGET_FILE:nhood>")
  add_dependencies(nhood_explorer_test nhood)
endif()
