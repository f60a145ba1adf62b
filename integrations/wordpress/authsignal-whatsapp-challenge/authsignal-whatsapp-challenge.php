<?php
/**
 * Plugin Name:       Authsignal WhatsApp Challenge
 * Plugin URI:        https://github.com/authsignal/authsignal-whatsapp-challenge
 * Description:       Verify people with a one-time code sent over WhatsApp through Authsignal: a shortcode and a block for any page, and an optional second step at sign-in.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            authsignal-whatsapp-challenge contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       authsignal-whatsapp-challenge
 * Domain Path:       /languages
 *
 * @package AuthsignalWhatsApp
 */

defined( 'ABSPATH' ) || exit;

define( 'AUTHSIGNAL_WHATSAPP_VERSION', '0.1.0' );
define( 'AUTHSIGNAL_WHATSAPP_FILE', __FILE__ );
define( 'AUTHSIGNAL_WHATSAPP_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-validation.php';
require_once __DIR__ . '/includes/class-settings.php';
require_once __DIR__ . '/includes/class-server-api.php';
require_once __DIR__ . '/includes/class-used-tokens.php';
require_once __DIR__ . '/includes/class-result-check.php';
require_once __DIR__ . '/includes/class-assets.php';
require_once __DIR__ . '/includes/class-phone-field.php';
require_once __DIR__ . '/includes/class-token-throttle.php';
require_once __DIR__ . '/includes/class-token-route.php';
require_once __DIR__ . '/includes/class-challenge-form.php';
require_once __DIR__ . '/includes/class-verify-handler.php';
require_once __DIR__ . '/includes/class-pending-login.php';
require_once __DIR__ . '/includes/class-whatsapp-verification.php';
require_once __DIR__ . '/includes/class-send-limit.php';
require_once __DIR__ . '/includes/class-password-guard.php';
require_once __DIR__ . '/includes/class-privacy.php';
require_once __DIR__ . '/includes/class-login-step.php';
require_once __DIR__ . '/includes/class-settings-page.php';
// Recovery, the number as a factor, and Two Factor (issue 17 part B).
require_once __DIR__ . '/includes/class-number-log.php';
require_once __DIR__ . '/includes/class-lockout-guard.php';
require_once __DIR__ . '/includes/class-backup-codes.php';
require_once __DIR__ . '/includes/class-backup-codes-page.php';
require_once __DIR__ . '/includes/class-account-password.php';
require_once __DIR__ . '/includes/class-two-factor-bridge.php';

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'authsignal-whatsapp-challenge', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
	}
);

AuthsignalWhatsApp\Assets::register_hooks();
AuthsignalWhatsApp\Phone_Field::register_hooks();
AuthsignalWhatsApp\Token_Route::register_hooks();
AuthsignalWhatsApp\Challenge_Form::register_hooks();
AuthsignalWhatsApp\Verify_Handler::register_hooks();
AuthsignalWhatsApp\Password_Guard::register_hooks();
AuthsignalWhatsApp\Privacy::register_hooks();
AuthsignalWhatsApp\Login_Step::register_hooks();
AuthsignalWhatsApp\Settings_Page::register_hooks();
AuthsignalWhatsApp\Used_Tokens::register_hooks();
AuthsignalWhatsApp\Backup_Codes_Page::register_hooks();
AuthsignalWhatsApp\Two_Factor_Bridge::register_hooks();
AuthsignalWhatsApp\Account_Password::register_hooks();
