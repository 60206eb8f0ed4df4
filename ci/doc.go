// Package ci holds authprobe's CI and deployment files, and the tests that
// check them:
//
//   - github/authprobe-nightly.yml: nightly GitHub Actions gate against
//     staging (linted with actionlint);
//   - gitlab/authprobe.gitlab-ci.yml: the same gate for GitLab CI;
//   - staging.example.yaml: the target configuration both use;
//   - k8s/: an Indexed Job running a sharded load test and the Job that
//     merges the shards (decoded strictly into the Kubernetes API types),
//     on the image `make image` builds (their scripts are run under the
//     image's busybox shell).
//
// The package has no code; docs/reports.md describes how to use the files.
package ci
