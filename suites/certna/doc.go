// Package certna holds the conformance specs of the certna API.
package certna
