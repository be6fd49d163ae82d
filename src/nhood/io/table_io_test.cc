#include "nhood/io/table_io.h"

#include <cpl_string.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

class TableIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_io_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(TableIoTest, ReadsCsvWithBomAndQuotedFields) {
  const std::string path = Write("a.csv", "\xEF\xBB\xBF" "code,name,n\nE01000001,\"Barking, East\",12\nE01000002,\"Say \"\"hi\"\"\",NA\n");
  Result<Table> t = ReadTable(path);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->names(), (std::vector<std::string>{"code", "name", "n"}));
  EXPECT_EQ(t->text(1)[0], "Barking, East");
  EXPECT_EQ(t->text(1)[1], "Say \"hi\"");
  EXPECT_TRUE(std::isnan((*t->GetNumbers("n"))[1]));
}

// A plain .csv is read from one tokenising pass; the same bytes as .txt (and
// a .csv with a .csvt sidecar of strings) still go through GDAL's CSV layer.
// Every awkward case reads the same both ways: BOM, quotes, a quoted
// separator and newline, CRLF, blank and all-empty rows, trailing empty
// fields, an empty header name, semicolons.
TEST_F(TableIoTest, PlainCsvFastPathReadsWhatGdalsCsvLayerReads) {
  const std::string cases[] = {
      "\xEF\xBB\xBF" "code,name,n\r\nE01,\"Barking, East\",12\r\n\r\nE02,\"two\nlines\",\r\n,,\r\nE03,\" spaced \",7,,\r\n",
      "a,,c\n1,2,3\n\n4,,6\n",
      "a;b;c\n1;\"x;y\";3\n",
      "a,b\nv,\"\"\n\"\",w\n",
  };
  int k = 0;
  for (const std::string& text : cases) {
    const std::string csv = Write("f" + std::to_string(k) + ".csv", text);
    const std::string txt = Write("f" + std::to_string(k) + ".txt", text);
    Write("g" + std::to_string(k) + ".csv", text);
    const std::string header = text.substr(0, text.find_first_of("\r\n"));
    std::string types = "String";
    for (char ch : header) types += ch == ',' || ch == ';' ? ",String" : "";
    Write("g" + std::to_string(k) + ".csvt", types + "\n");
    const std::string sidecar = (dir_ / ("g" + std::to_string(k) + ".csv")).string();
    ++k;
    Result<Table> fast = ReadTable(csv), slow = ReadTable(txt), typed = ReadTable(sidecar);
    ASSERT_TRUE(fast) << fast.error().message;
    ASSERT_TRUE(slow) << slow.error().message;
    ASSERT_TRUE(typed) << typed.error().message;
    for (const Table* other : {&*slow, &*typed}) {
      ASSERT_EQ(fast->names(), other->names()) << text;
      ASSERT_EQ(fast->num_rows(), other->num_rows()) << text;
      for (size_t c = 0; c < fast->num_columns(); ++c) EXPECT_EQ(fast->text(c), other->text(c)) << text;
    }
  }
  Result<Table> t = ReadTable((dir_ / "f0.csv").string());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->names(), (std::vector<std::string>{"code", "name", "n"}));
  ASSERT_EQ(t->num_rows(), 3u);  // the blank and the all-empty rows dropped
  EXPECT_EQ(t->text(1)[1], "two\nlines");
  EXPECT_EQ(t->text(1)[2], " spaced ");
  EXPECT_EQ(t->text(2)[1], "");
}

TEST_F(TableIoTest, SkipsNomisMetadataLinesAndBlankRows) {
  const std::string path = Write("nomis.csv",
                                 "\n\"TS007A - Age\"\n\"ONS Crown Copyright\"\n\"Date :\",\"2021\"\n\n"
                                 "\"area\",\"mnemonic\",\"Total\"\n\n\"Hartlepool 001A\",\"E01011954\",2284\n\n");
  Result<Table> t = ReadTable(path, {.skip_lines = 5});
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->num_rows(), 1u);
  EXPECT_EQ(t->text(1)[0], "E01011954");
}

TEST_F(TableIoTest, BadCellReportsFileRowAndLine) {
  const std::string path = Write("bad.csv", "x,n\n1,10\nabc,10\n");
  Result<Table> t = ReadTable(path);
  ASSERT_TRUE(t);
  Result<Table::Numbers> x = t->GetNumbers("x");
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().message, path + ": row 2 (line 3), column 'x': 'abc' is not a number");
}

TEST_F(TableIoTest, RejectsEmptyBinaryMissingAndUnknownFiles) {
  EXPECT_EQ(ReadTable(Write("empty.csv", "")).error().message, (dir_ / "empty.csv").string() + ": file is empty");
  EXPECT_NE(ReadTable(Write("bin.csv", std::string("PK\x03\x04\0\0\0", 7))).error().message.find("binary"),
            std::string::npos);
  EXPECT_EQ(ReadTable((dir_ / "nope.csv").string()).error().code, StatusCode::kNotFound);
  EXPECT_EQ(ReadTable(Write("x.parquet", "abc")).error().code, StatusCode::kInvalidArgument);
}

Table Sample() {
  Table t;
  EXPECT_TRUE(t.AddText("code", {"E01000001", "E01000002"}).ok());
  EXPECT_TRUE(t.AddNumbers("value", {0.1, std::nan("")}).ok());
  EXPECT_TRUE(t.AddNumbers("upper", {1.0 / 3.0, 2}).ok());
  return t;
}

TEST_F(TableIoTest, CsvRoundTripKeepsEveryBit) {
  const std::string path = (dir_ / "out.csv").string();
  ASSERT_TRUE(WriteTable(Sample(), path).ok());
  Result<Table> back = ReadTable(path);
  ASSERT_TRUE(back);
  EXPECT_EQ((*back->GetNumbers("upper"))[0], 1.0 / 3.0);
  EXPECT_EQ(back->text(1)[1], "");
  // No temporary file left behind.
  int files = 0;
  for (auto& e : fs::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What GDAL's CSV driver writes for `t` with STRING_QUOTING=IF_NEEDED, every
// cell a string field left unset when empty (the writer WriteTable used
// before its own CSV path): the oracle for the test below.
std::string GdalCsv(const Table& t, const std::string& path) {
  GDALAllRegister();
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("CSV"), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  EXPECT_NE(ds, nullptr);
  char** options = CSLSetNameValue(nullptr, "STRING_QUOTING", "IF_NEEDED");
  OGRLayerH layer = GDALDatasetCreateLayer(ds, "table", nullptr, wkbNone, options);
  CSLDestroy(options);
  for (size_t c = 0; c < t.num_columns(); ++c) {
    OGRFieldDefnH def = OGR_Fld_Create(t.name(c).c_str(), OFTString);
    EXPECT_EQ(OGR_L_CreateField(layer, def, TRUE), OGRERR_NONE);
    OGR_Fld_Destroy(def);
  }
  for (size_t r = 0; r < t.num_rows(); ++r) {
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    for (size_t c = 0; c < t.num_columns(); ++c) {
      const std::string cell = t.Cell(c, r);
      if (!cell.empty()) OGR_F_SetFieldString(f, static_cast<int>(c), cell.c_str());
    }
    EXPECT_EQ(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return Slurp(path);
}

// WriteTable's CSV path (issue 8 item 9: OGR's CSV driver was a sixth of the
// England hot-spot run) must write exactly the bytes GDAL's driver wrote:
// quoting, separators, quotes, line breaks, blanks, numbers, a lone column.
TEST_F(TableIoTest, CsvIsByteForByteWhatGdalsCsvDriverWrites) {
  Table wide;
  ASSERT_TRUE(wide.AddText("code", {"E01000001", "", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", " padded ",
                                    "semi;colon", "tab\there", "caf\xC3\xA9", "0123", "-", "NA"})
                  .ok());
  ASSERT_TRUE(wide.AddNumbers("value", {0.1, std::nan(""), 1.0 / 3.0, -2, 1e-300, 123456789012.5, 0, -0.0, 5e20,
                                        2.5e-7, 1, 100, 7})
                  .ok());
  ASSERT_TRUE(wide.AddText("name, with comma", {"x", "", "", "", "", "", "", "", "", "", "", "", ""}).ok());
  ASSERT_TRUE(wide.AddNumbers("empty", std::vector<double>(13, std::nan(""))).ok());
  Table lone;
  ASSERT_TRUE(lone.AddText("only", {"a", "", "b,c", ""}).ok());
  Table header_only;
  ASSERT_TRUE(header_only.AddText("a", {}).ok());
  ASSERT_TRUE(header_only.AddText("b", {}).ok());
  int k = 0;
  for (const Table* t : {&wide, &lone, &header_only}) {
    const std::string ours = (dir_ / ("ours" + std::to_string(k) + ".csv")).string();
    const std::string gdal = (dir_ / ("gdal" + std::to_string(k) + ".csv")).string();
    ++k;
    ASSERT_TRUE(WriteTable(*t, ours).ok());
    EXPECT_EQ(Slurp(ours), GdalCsv(*t, gdal)) << "table " << k;
  }
  EXPECT_EQ(Slurp((dir_ / "ours1.csv").string()), "only,\na\n,\n\"b,c\"\n,\n");
}

// GDAL 3.6's CSV driver opens no file whose header has no separator: a
// one-column CSV (a list of LSOA codes, say) is read through the field
// check's own parse, with a BOM, quotes, blank lines and a missing final
// newline as any CSV; ragged rows are still errors.
TEST_F(TableIoTest, ReadsAOneColumnCsvWithoutASeparator) {
  auto t = ReadTable(Write("codes.csv", "\xEF\xBB\xBF" "lsoa11_code\nE01000001\n\n\"E01000002\"\nE01000003"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->num_columns(), 1u);
  EXPECT_EQ(t->name(0), "lsoa11_code");
  EXPECT_EQ(t->text(0), (std::vector<std::string>{"E01000001", "E01000002", "E01000003"}));
  auto numbers = ReadTable(Write("n.csv", "n\n1\n2.5\n"));
  ASSERT_TRUE(numbers.ok()) << numbers.error().message;
  EXPECT_EQ(numbers->num_rows(), 2u);
  auto ragged = ReadTable(Write("ragged.csv", "code\nE01000001\nE01000002,extra\n"));
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.error().message.find("row 2 (line 3)"), std::string::npos) << ragged.error().message;
  auto dup = ReadTable(Write("dup.csv", "code\nE01000001\nE01000001\n"), {.id_column = "code"});
  EXPECT_FALSE(dup.ok());
}

TEST_F(TableIoTest, XlsxOdsAndGeoPackageRoundTrip) {
  for (const char* name : {"out.xlsx", "out.ods", "out.gpkg"}) {
    const std::string path = (dir_ / name).string();
    ASSERT_TRUE(WriteTable(Sample(), path).ok()) << name;
    Result<Table> back = ReadTable(path);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->text(0)[1], "E01000002");
    EXPECT_NEAR((*back->GetNumbers("upper"))[0], 1.0 / 3.0, 1e-15) << name;
  }
}

TEST_F(TableIoTest, JsonIsAnArrayOfRecords) {
  const std::string path = (dir_ / "out.json").string();
  ASSERT_TRUE(WriteTable(Sample(), path).ok());
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(s.find("\"code\": \"E01000001\""), std::string::npos);
  EXPECT_NE(s.find("\"value\": null"), std::string::npos);
}

TEST_F(TableIoTest, FailedWriteLeavesExistingFileAlone) {
  const std::string path = Write("keep.txt", "precious");
  EXPECT_FALSE(WriteTable(Sample(), path).ok());  // unsupported extension
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "precious");
}


// Issue 8 item 3: "inf", "Infinity" and "nan" used to read as numbers (or as
// missing) and flowed into the statistics with exit code 0.
TEST_F(TableIoTest, NonFiniteNumbersAreErrorsNamingRowLineAndColumn) {
  struct Case {
    std::string cell;
    std::string row_line;
  } cases[] = {{"inf", "row 2 (line 3)"}, {"Infinity", "row 2 (line 3)"}, {"-inf", "row 2 (line 3)"},
               {"nan", "row 2 (line 3)"}, {"NaN", "row 2 (line 3)"}};
  for (const Case& c : cases) {
    const std::string path = Write("inf.csv", "code,n\nA,1\nB," + c.cell + "\nC,\n");
    Result<Table> t = ReadTable(path);
    ASSERT_FALSE(t) << c.cell;
    EXPECT_EQ(t.error().message, path + ": " + c.row_line + ", column 'n': '" + c.cell + "' is not a finite number");
  }
  // A column of names may hold "Nan"; missing spellings stay missing.
  const std::string names = Write("names.csv", "code,name,n\nA,Nan,NA\nB,Bob,\n");
  Result<Table> t = ReadTable(names);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_TRUE(std::isnan((*t->GetNumbers("n"))[0]));
  // Reference outputs of R may opt in.
  EXPECT_TRUE(ReadTable(Write("r.csv", "code,z\nA,NaN\n"), {.allow_non_finite = true}));
}

// Issue 8 item 3: GDAL's CSV driver silently dropped an extra field and read
// a short row's absent fields as missing.
TEST_F(TableIoTest, RaggedRowsAreErrorsNamingTheRowAndLine) {
  const std::string extra = Write("extra.csv", "code,n\nA,1\nB,2,99\n");
  Result<Table> t = ReadTable(extra);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, extra + ": row 2 (line 3): 3 fields where the header has 2 (an extra field: check "
                                       "for an unquoted separator in a value)");
  const std::string shorter = Write("short.csv", "code,n,m\nA,1,2\nB\n");
  t = ReadTable(shorter);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find(shorter + ": row 2 (line 3): 1 field where the header has 3 (a short row"),
            std::string::npos)
      << t.error().message;
  // Lines are physical lines: a quoted value spanning two lines, a blank line
  // and skipped metadata lines all count.
  const std::string multi = Write("multi.csv", "meta\ncode,name\nA,\"two\nlines\"\n\nB,x,y\n");
  t = ReadTable(multi, {.skip_lines = 1});
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find(multi + ": row 2 (line 6): 3 fields"), std::string::npos) << t.error().message;
  // Empty trailing fields lose nothing and are accepted; so are semicolons.
  EXPECT_TRUE(ReadTable(Write("trailing.csv", "code,n\nA,1,\nB,2,,\n")));
  Result<Table> semi = ReadTable(Write("semi.csv", "code;n\nA;1,5\nB;2\n"));
  ASSERT_TRUE(semi) << semi.error().message;
  EXPECT_EQ(semi->text(1)[0], "1,5");
}

// Issue 8 item 3: duplicate ids in a keyed input were silently kept once or
// double-counted.
TEST_F(TableIoTest, IdColumnMustBeUniqueAndPresent) {
  const std::string dup = Write("dup.csv", "code,n\nA,1\nB,2\nA,3\n");
  EXPECT_TRUE(ReadTable(dup));  // no id column named: a long-format table is fine
  Result<Table> t = ReadTable(dup, {.id_column = "code"});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, dup + ": row 3 (line 4), column 'code': duplicate id 'A' (first in row 1 (line 2))");
  t = ReadTable(Write("gap.csv", "code,n\nA,1\n,2\n"), {.id_column = "code"});
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("row 2 (line 3), column 'code': missing id"), std::string::npos);
  EXPECT_EQ(ReadTable(dup, {.id_column = "id"}).error().code, StatusCode::kNotFound);
}

// Issue 8 item 11: JSON wrote numbers read from files as strings.
TEST_F(TableIoTest, JsonWritesNumbersAsNumbers) {
  Table t;
  ASSERT_TRUE(t.AddText("code", {"E01000001", "E01000002"}).ok());
  ASSERT_TRUE(t.AddText("count", {"12", ""}).ok());
  ASSERT_TRUE(t.AddText("ward", {"01234", "5"}).ok());  // a code with a leading zero stays text
  ASSERT_TRUE(t.AddNumbers("rate", {0.5, NAN}).ok());
  const std::string out = (dir_ / "t.json").string();
  ASSERT_TRUE(WriteTable(t, out).ok());
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"count\": 12"), std::string::npos) << text;
  EXPECT_NE(text.find("\"count\": null"), std::string::npos) << text;
  EXPECT_NE(text.find("\"ward\": \"01234\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"rate\": 0.5"), std::string::npos) << text;
  EXPECT_EQ(text.find("\"12\""), std::string::npos) << text;
}

// Issue 8 item 4: invalid UTF-8 threw an uncaught json.exception and left a
// 0-byte temporary file.
TEST_F(TableIoTest, InvalidUtf8IsAnErrorNamingTheRowAndLeavesNoFile) {
  Result<Table> in = ReadTable(Write("latin1.csv", "code,name\nA,ok\nB,caf\xE9\n"));
  ASSERT_TRUE(in) << in.error().message;
  for (const std::string ext : {"json", "csv", "xlsx", "gpkg"}) {
    const std::string out = (dir_ / ("out." + ext)).string();
    Status s = WriteTable(*in, out);
    ASSERT_FALSE(s.ok()) << ext;
    EXPECT_NE(s.message().find("latin1.csv: row 2 (line 3), column 'name': text is not valid UTF-8"), std::string::npos)
        << s.message();
    EXPECT_FALSE(fs::exists(out)) << ext;
  }
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".nhood-tmp"), std::string::npos) << e.path();
  }
}

// Issue 8 item 11: errors quoted GDAL's own text and the temporary file name.
TEST_F(TableIoTest, ErrorsNameTheUsersFileNotGdalOrTemporaryFiles) {
  Table t;
  ASSERT_TRUE(t.AddText("code", {"A"}).ok());
  const std::string out = (dir_ / "missing_dir" / "out.csv").string();
  Status s = WriteTable(t, out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind(out + ": ", 0), 0u) << s.message();
  EXPECT_EQ(s.message().find(".nhood-tmp"), std::string::npos) << s.message();
  const std::string bad = Write("bad.xlsx", "this is not a workbook");
  Result<Table> r = ReadTable(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, bad + ": cannot be read as an Excel (.xlsx) workbook (is it damaged, or another format?)");
}

}  // namespace
}  // namespace nhood::io
