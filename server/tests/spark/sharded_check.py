"""The two-pass recipe of docs/pipelines.md run in Spark (local mode):
for 1, 3 and 6 partitions, each partition writes its corpus index
(`lede index --stdin-jsonl -o -` through RDD.pipe), the driver merges them
(`lede index --merge`), and each partition is checked against the whole
index (`lede check --stdin-jsonl --index`). The findings must equal those of one
`lede check --stdin-jsonl` over all the articles.

Usage: python sharded_check.py LEDE ARTICLES.jsonl WORKDIR
Exit status 0 when every partition count agrees; it prints one line each.
"""

import json
import os
import subprocess
import sys

from pyspark import SparkConf, SparkContext

CORPUS_RULES = ("boilerplate/repeated-line", "names/cross-file-variant", "names/title-case")


def corpus_findings(lines):
    return sum(
        1
        for line in lines
        for f in json.loads(line).get("findings", [])
        if f["rule"] in CORPUS_RULES
    )


def main():
    lede, articles, work = sys.argv[1:4]
    with open(articles, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    single = subprocess.run(
        [lede, "check", "--stdin-jsonl"], input="\n".join(lines) + "\n",
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert len(single) == len(lines)
    expected = sorted(single)
    print(f"one run: {len(single)} articles, {corpus_findings(single)} corpus findings")
    if corpus_findings(single) == 0:
        print("no corpus findings in one run: the comparison would prove nothing")
        return 1

    conf = SparkConf().setMaster("local[2]").setAppName("lede-sharded-check")
    conf.set("spark.ui.enabled", "false")
    conf.set("spark.ui.showConsoleProgress", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    env = {"PATH": os.environ.get("PATH", "")}
    failed = False
    try:
        for partitions in (1, 3, 6):
            rdd = sc.parallelize(lines, numSlices=partitions).cache()
            # Map: one index per partition (one line of JSON each).
            parts = rdd.pipe(f"{lede} index --stdin-jsonl -o -", env=env, checkCode=True).collect()
            assert len(parts) == partitions, (len(parts), partitions)
            paths = []
            for i, text in enumerate(parts):
                path = os.path.join(work, f"p{partitions}-{i}.idx")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text + "\n")
                paths.append(path)
            # Reduce: one index of the whole corpus.
            whole = os.path.join(work, f"all-{partitions}.idx")
            subprocess.run([lede, "index", "--merge", "-o", whole, *paths], check=True)
            # Check: every partition against the whole corpus.
            got = rdd.pipe(
                f"{lede} check --stdin-jsonl --index {whole}", env=env, checkCode=True
            ).collect()
            same = sorted(got) == expected
            failed |= not same
            print(
                f"partitions {partitions}: {'identical' if same else 'DIFFERENT'} "
                f"({len(got)} lines, {corpus_findings(got)} corpus findings)"
            )
            rdd.unpersist()
    finally:
        sc.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
