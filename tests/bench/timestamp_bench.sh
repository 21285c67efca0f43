#!/bin/bash
echo "timestamp_bench.sh: being written" >&2; exit 1
