<?php
/**
 * PHP unit tests of the plugin's rules, run inside the test WordPress (wp-load.php is already
 * loaded, the plugin active): validation of input, the checks on Authsignal's validate answer,
 * the pending sign-in store, the used-token record. A tiny runner instead of PHPUnit, which
 * Debian 12 has but WordPress's own test suite (wp-phpunit) does not; it prints one JSON
 * line: [{ "name", "ok", "message" }].
 *
 * @package AuthsignalWhatsApp\Tests
 */

use AuthsignalWhatsApp\Pending_Login;
use AuthsignalWhatsApp\Result_Check;
use AuthsignalWhatsApp\Used_Tokens;
use AuthsignalWhatsApp\Validation;

require_once ABSPATH . 'wp-admin/includes/user.php';

/** Thrown by the assertions. */
final class Authsignal_Test_Failure extends Exception {}

/**
 * @param mixed  $expected
 * @param mixed  $actual
 * @param string $what
 */
function authsignal_assert_same( $expected, $actual, string $what = '' ): void {
	if ( $expected !== $actual ) {
		throw new Authsignal_Test_Failure( sprintf( '%s: expected %s, got %s', $what, var_export( $expected, true ), var_export( $actual, true ) ) );
	}
}

/**
 * The error code of a refusal, or 'accepted'.
 *
 * @param true|WP_Error $verdict
 */
function authsignal_verdict( $verdict ): string {
	return $verdict instanceof WP_Error ? $verdict->get_error_code() : ( true === $verdict ? 'accepted' : 'neither' );
}

$authsignal_tests = array();

$authsignal_tests['phone numbers: E.164 accepted, with the spaces and dashes people type'] = static function () {
	foreach ( array(
		'+15551234567'      => '+15551234567',
		'+44 20 7946 0958'  => '+442079460958',
		'+1 (555) 123-4567' => '+15551234567',
		'0049 30 1234567'   => '+49301234567',
		'+49.30.1234567'    => '+49301234567',
		'+123456789012345'  => '+123456789012345',
	) as $input => $expected ) {
		authsignal_assert_same( $expected, Validation::phone_number( (string) $input ), "phone_number('$input')" );
	}
};

$authsignal_tests['phone numbers: not E.164 refused'] = static function () {
	foreach ( array( '', '5551234567', '+05551234567', '+1555', '+1234567890123456', '+1555abc4567', "+1555123456\u{0667}", '++15551234567', '+1555123456<script>' ) as $input ) {
		authsignal_assert_same( null, Validation::phone_number( $input ), 'phone_number(' . json_encode( $input ) . ')' );
	}
	authsignal_assert_same( null, Validation::phone_number( array( '+15551234567' ) ), 'an array' );
	authsignal_assert_same( null, Validation::phone_number( 15551234567 ), 'a number' );
};

$authsignal_tests['action codes: letters, digits, _ and -; signIn is not a page action'] = static function () {
	authsignal_assert_same( 'whatsappVerification', Validation::action_code( 'whatsappVerification' ), 'default' );
	authsignal_assert_same( 'verify-phone_2', Validation::action_code( ' verify-phone_2 ' ), 'trimmed' );
	foreach ( array( '', '2fa', 'a b', 'a/b', '../x', str_repeat( 'a', 65 ), 'é' ) as $input ) {
		authsignal_assert_same( null, Validation::action_code( $input ), "action_code('$input')" );
	}
	authsignal_assert_same( 'signIn', Validation::action_code( 'signIn' ), 'signIn is a valid code' );
	authsignal_assert_same( null, Validation::page_action_code( 'signIn' ), 'but not for a page' );
	authsignal_assert_same( null, Validation::page_action_code( 'SIGNIN' ), 'in any case' );
};

$authsignal_tests['API URLs: https, or http on loopback; no query, fragment or user info'] = static function () {
	authsignal_assert_same( 'https://eu.api.authsignal.com/v1', Validation::api_url( 'https://eu.api.authsignal.com/v1/' ), 'https, trailing slash dropped' );
	authsignal_assert_same( 'http://127.0.0.1:8787/v1', Validation::api_url( 'http://127.0.0.1:8787/v1' ), 'loopback http' );
	authsignal_assert_same( 'http://localhost:8787/v1', Validation::api_url( 'http://localhost:8787/v1' ), 'localhost http' );
	authsignal_assert_same( 'http://[::1]:8787/v1', Validation::api_url( 'http://[::1]:8787/v1' ), 'IPv6 loopback http' );
	authsignal_assert_same( 'http://127.45.6.7:8787/v1', Validation::api_url( 'http://127.45.6.7:8787/v1' ), 'anywhere in 127.0.0.0/8' );
	// Host names that only look like loopback resolve wherever DNS says: no clear-text key to them.
	foreach ( array( 'http://127.attacker.example/v1', 'http://127.0.0.1.nip.io/v1', 'http://127.0.0.1.example.com:8787/v1', 'http://localhost.example.com/v1', 'http://127.1/v1', 'http://128.0.0.1/v1' ) as $input ) {
		authsignal_assert_same( null, Validation::api_url( $input ), "api_url('$input')" );
	}
	foreach ( array( 'http://api.example.com/v1', 'https://u:p@api.example.com/v1', 'https://api.example.com/v1?x=1', 'https://api.example.com/v1#x', 'ftp://api.example.com', 'javascript:alert(1)', '/v1', '' ) as $input ) {
		authsignal_assert_same( null, Validation::api_url( $input ), "api_url('$input')" );
	}
};

$authsignal_tests['language tags from WordPress locales'] = static function () {
	foreach ( array( 'pt_BR' => 'pt-BR', 'de_DE_formal' => 'de-DE', 'es_ES' => 'es-ES', 'fr' => 'fr', 'en_US' => 'en-US', 'zh-Hant-TW' => 'zh-Hant', '' => 'en', '../x' => 'en' ) as $input => $expected ) {
		authsignal_assert_same( $expected, Validation::language_tag( (string) $input ), "language_tag('$input')" );
	}
};

$authsignal_tests['validate answers: only valid, succeeded, same user, same action, same attempt'] = static function () {
	$good = array(
		'isValid'        => true,
		'state'          => 'CHALLENGE_SUCCEEDED',
		'userId'         => '7',
		'actionCode'     => 'signIn',
		'idempotencyKey' => 'attempt-1',
	);
	authsignal_assert_same( 'accepted', authsignal_verdict( Result_Check::check_answer( $good, 7, 'signIn', 'attempt-1' ) ), 'the good answer' );
	authsignal_assert_same( 'accepted', authsignal_verdict( Result_Check::check_answer( $good, 7, 'signIn' ) ), 'no attempt asked for' );
	$cases = array(
		'authsignal_not_valid'        => array( 'isValid' => false ),
		'authsignal_not_succeeded'    => array( 'state' => 'CHALLENGE_REQUIRED' ),
		'authsignal_other_user'       => array( 'userId' => '8' ),
		'authsignal_other_action'     => array( 'actionCode' => 'whatsappVerification' ),
		'authsignal_other_attempt'    => array( 'idempotencyKey' => 'attempt-2' ),
	);
	foreach ( $cases as $code => $change ) {
		authsignal_assert_same( $code, authsignal_verdict( Result_Check::check_answer( array_merge( $good, $change ), 7, 'signIn', 'attempt-1' ) ), $code );
	}
	authsignal_assert_same( 'authsignal_not_valid', authsignal_verdict( Result_Check::check_answer( array_merge( $good, array( 'isValid' => 'true' ) ), 7, 'signIn' ) ), 'isValid must be the boolean true' );
	authsignal_assert_same( 'authsignal_other_user', authsignal_verdict( Result_Check::check_answer( array_merge( $good, array( 'userId' => 7 ) ), 7, 'signIn' ) ), 'userId must be the string' );
	$missing = $good;
	unset( $missing['idempotencyKey'] );
	authsignal_assert_same( 'authsignal_other_attempt', authsignal_verdict( Result_Check::check_answer( $missing, 7, 'signIn', 'attempt-1' ) ), 'no idempotencyKey' );
	authsignal_assert_same( 'authsignal_invalid_response', authsignal_verdict( Result_Check::check_answer( 'yes', 7, 'signIn' ) ), 'not an array' );
};

$authsignal_tests['pending sign-in: opens with its key for its user only'] = static function () {
	$alice   = wp_insert_user( array( 'user_login' => 'unit-' . wp_generate_password( 6, false ), 'user_pass' => wp_generate_password() ) );
	$bob     = wp_insert_user( array( 'user_login' => 'unit-' . wp_generate_password( 6, false ), 'user_pass' => wp_generate_password() ) );
	$pending = Pending_Login::create( $alice, 'https://example.test/after', true );
	authsignal_assert_same( true, is_array( $pending ) && 64 === strlen( $pending['key'] ) && 16 === strlen( $pending['id'] ), 'a 256-bit key and a record id' );
	$stored = get_user_meta( $alice, Pending_Login::META, true );
	authsignal_assert_same( false, str_contains( wp_json_encode( $stored ), $pending['key'] ), 'the key itself is not stored' );
	$open = Pending_Login::open( $alice, $pending['key'] );
	authsignal_assert_same( $pending['id'], $open['id'] ?? null, 'opens with its key' );
	authsignal_assert_same( 'https://example.test/after', $open['redirect_to'] ?? null, 'keeps where to go' );
	authsignal_assert_same( null, Pending_Login::open( $bob, $pending['key'] ), "another user's id" );
	authsignal_assert_same( null, Pending_Login::open( $alice, '' ), 'no key' );
	authsignal_assert_same( null, Pending_Login::open( $alice, str_repeat( '0', 64 ) ), 'a wrong key' );
	// Anyone can post a user id with a made-up key: that must not cancel the real sign-in.
	authsignal_assert_same( $pending['id'], Pending_Login::open( $alice, $pending['key'] )['id'] ?? null, 'still open with its key after a wrong one' );
	wp_delete_user( $alice );
	wp_delete_user( $bob );
};

$authsignal_tests['pending sign-in: a second one keeps the first; end() ends one; the oldest goes beyond five; it expires'] = static function () {
	$user  = wp_insert_user( array( 'user_login' => 'unit-' . wp_generate_password( 6, false ), 'user_pass' => wp_generate_password() ) );
	$first = Pending_Login::create( $user, '', false );
	$again = Pending_Login::create( $user, '', false );
	authsignal_assert_same( $first['id'], Pending_Login::open( $user, $first['key'] )['id'] ?? null, 'the first key after a second sign-in' );
	authsignal_assert_same( $again['id'], Pending_Login::open( $user, $again['key'] )['id'] ?? null, 'the second key' );
	Pending_Login::end( $user, $again['id'] );
	authsignal_assert_same( null, Pending_Login::open( $user, $again['key'] ), 'after end()' );
	authsignal_assert_same( true, is_array( Pending_Login::open( $user, $first['key'] ) ), 'the other one after end()' );
	Pending_Login::update( $user, $first['id'], array( 'sends' => 2, 'hash' => 'x' ) );
	authsignal_assert_same( 2, Pending_Login::open( $user, $first['key'] )['sends'] ?? null, 'update() changes the counts, not the key' );
	for ( $i = 0; $i < Pending_Login::MAX_PER_USER; $i++ ) {
		Pending_Login::create( $user, '', false );
	}
	authsignal_assert_same( null, Pending_Login::open( $user, $first['key'] ), 'the oldest beyond five' );
	$short = static fn() => 1;
	add_filter( 'authsignal_whatsapp_pending_login_lifetime', $short, 100 );
	$brief = Pending_Login::create( $user, '', false );
	remove_filter( 'authsignal_whatsapp_pending_login_lifetime', $short, 100 );
	authsignal_assert_same( true, is_array( Pending_Login::open( $user, $brief['key'] ) ), 'open within its lifetime' );
	sleep( 2 );
	authsignal_assert_same( null, Pending_Login::open( $user, $brief['key'] ), 'after its lifetime' );
	wp_delete_user( $user );
};

$authsignal_tests['used tokens: a token is claimed once'] = static function () {
	$token = 'unit-' . wp_generate_password( 20, false );
	authsignal_assert_same( true, Used_Tokens::claim( $token ), 'first claim' );
	authsignal_assert_same( false, Used_Tokens::claim( $token ), 'second claim' );
	authsignal_assert_same( true, Used_Tokens::claim( $token . 'x' ), 'another token' );
};

$authsignal_results = array();
foreach ( $authsignal_tests as $authsignal_name => $authsignal_test ) {
	try {
		$authsignal_test();
		$authsignal_results[] = array( 'name' => $authsignal_name, 'ok' => true, 'message' => '' );
	} catch ( Throwable $authsignal_error ) {
		$authsignal_results[] = array( 'name' => $authsignal_name, 'ok' => false, 'message' => get_class( $authsignal_error ) . ': ' . $authsignal_error->getMessage() );
	}
}
echo "\nAUTHSIGNAL-RESULTS " . wp_json_encode( $authsignal_results ) . "\n";
