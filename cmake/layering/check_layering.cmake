# cmake -DBUILD_DIR=... -P check_layering.cmake
# Builds the two layering probes: the geo source including base must
# compile; the one including an atlas header must fail, and fail because the
# header is not on its include path (not for some unrelated reason).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target nhood_layering_probe_good
                RESULT_VARIABLE good_rc OUTPUT_VARIABLE good_out ERROR_VARIABLE good_err)
if(NOT good_rc EQUAL 0)
  message(FATAL_ERROR "a geo source including base failed to compile:\n${good_out}${good_err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target nhood_layering_probe_bad
                RESULT_VARIABLE bad_rc OUTPUT_VARIABLE bad_out ERROR_VARIABLE bad_err)
if(bad_rc EQUAL 0)
  message(FATAL_ERROR "a geo source including nhood/atlas/composite_index.h compiled: layering is not enforced")
endif()
if(NOT "${bad_out}${bad_err}" MATCHES "nhood/atlas/composite_index.h: No such file or directory")
  message(FATAL_ERROR "the layering probe failed, but not on the atlas include:\n${bad_out}${bad_err}")
endif()
message(STATUS "layering: geo can include base and cannot include atlas")
