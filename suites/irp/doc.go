// Package irp holds the conformance specs of the irp API.
package irp
